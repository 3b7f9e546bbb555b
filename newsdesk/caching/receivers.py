"""Purges on every change that a reader could see, wherever it is made."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from newsdesk.caching import keys
from newsdesk.caching.purge import purge
from newsdesk.content.models import (
    Article,
    Byline,
    Column,
    Image,
    Person,
    Section,
    Tag,
    TranslatorCredit,
)


def _has_public_status(article_id: int) -> bool:
    """Readers may see it (or will, once its time comes): pages may show it."""
    return Article.objects.with_public_status().filter(pk=article_id).exists()


@receiver(pre_save, sender=Article)
def remember_where_it_was(sender, instance, raw=False, **kwargs):
    """An edit may move an article out of a list: purge where it was as well."""
    instance._keys_before = set()
    if instance.pk and not raw and _has_public_status(instance.pk):
        instance._keys_before = keys.article_change(instance.pk)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_keys_before", set())
    if before or instance.has_public_status:
        purge(before | keys.article_change(instance.pk))


@receiver(pre_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    if instance.has_public_status:
        purge(keys.article_change(instance.pk))


@receiver(pre_save, sender=Byline)
@receiver(pre_save, sender=TranslatorCredit)
def remember_credit(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        old = sender.objects.filter(pk=instance.pk).values_list("person_id", flat=True).first()
        instance._person_before = old


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
@receiver(post_save, sender=TranslatorCredit)
@receiver(post_delete, sender=TranslatorCredit)
def credit_changed(sender, instance, raw=False, **kwargs):
    if raw or not _has_public_status(instance.article_id):
        return
    people = {instance.person_id, getattr(instance, "_person_before", None)} - {None}
    purge(keys.article_change(instance.article_id) | {f"person-{p}-list" for p in people})


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if reverse or action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not _has_public_status(instance.pk):
        return
    if action == "pre_clear":
        pk_set = set(instance.tags.values_list("pk", flat=True))
    purge(keys.article_change(instance.pk) | {f"tag-{pk}-list" for pk in pk_set or ()})


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def section_changed(sender, instance, **kwargs):
    purge({keys.NAV})


@receiver(post_save, sender=Column)
@receiver(post_delete, sender=Column)
@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
@receiver(post_save, sender=Image)
@receiver(post_delete, sender=Image)
def shown_object_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge({f"{sender._meta.model_name}-{instance.pk}"})


@receiver(pre_delete, sender=Column)
@receiver(pre_delete, sender=Person)
@receiver(pre_delete, sender=Tag)
@receiver(pre_delete, sender=Image)
def shown_object_deleted(sender, instance, **kwargs):
    """Its articles lose it by a cascade no signal reports, and the kept cards and pages
    that show it are found by those links (content/cards.py): name its articles while
    the links still stand."""
    shown_by = keys.articles_showing(sender._meta.model_name, [instance.pk])
    purge({f"article-{pk}" for pk in shown_by})
