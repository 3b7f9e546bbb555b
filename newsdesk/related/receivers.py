"""Related lists follow their article: an edit of what a list depends on drops it, and the
worker computes it again (``lists.refresh_stale``)."""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from newsdesk.content.models import Article
from newsdesk.related.models import RelatedArticle

# What a list depends on: an edit of any of these (or of the tags) drops it.
DEPENDS_ON = ("headline", "standfirst", "body", "section", "language", "translation_of")


def _depends_on(article: Article) -> tuple:
    return tuple(getattr(article, Article._meta.get_field(name).attname) for name in DEPENDS_ON)


@receiver(pre_save, sender=Article)
def remember_what_its_list_depends_on(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._related_before = None
    if raw or instance.pk is None:
        return
    if update_fields is not None:
        saved = {Article._meta.get_field(name).name for name in update_fields}
        if not saved & set(DEPENDS_ON):
            return  # say, body_html re-rendered for a changed image caption
    instance._related_before = (
        Article.objects.filter(pk=instance.pk).values_list(*DEPENDS_ON).first()
    )


@receiver(post_save, sender=Article)
def drop_its_list_when_its_text_changed(sender, instance, raw=False, created=False, **kwargs):
    before = getattr(instance, "_related_before", None)
    if not (raw or created) and before is not None and before != _depends_on(instance):
        RelatedArticle.objects.filter(article=instance.pk).delete()


@receiver(m2m_changed, sender=Article.tags.through)
def drop_its_list_when_its_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        RelatedArticle.objects.filter(article=instance.pk).delete()
    elif reverse and action in {"post_add", "post_remove"}:  # a tag given to or taken from
        RelatedArticle.objects.filter(article__in=pk_set).delete()
    elif reverse and action == "pre_clear":
        RelatedArticle.objects.filter(article__tags=instance).delete()
