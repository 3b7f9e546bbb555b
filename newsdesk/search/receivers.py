"""Update the search index when a transaction that changed what it holds commits.

Any change to an article, its bylines or its tags, or to the name of a person or a tag it
carries, queues the article; when the transaction commits, ``index.update`` brings each
queued article into the index or out of it, reading the committed state. So an article
saved, then given its bylines and tags in the same transaction (the admin, a revision
restored, the demo) is indexed once, complete, and nothing is indexed from a transaction
that rolls back.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from newsdesk.content.models import Article, Byline, Person, Tag
from newsdesk.search import index


class Update:
    """The on-commit callback: index the articles queued in one transaction."""

    def __init__(self, ids: set[int]):
        self.ids = ids
        self.ran = False

    def __call__(self):
        self.ran = True
        ids = sorted(self.ids)
        for start in range(0, len(ids), index.BATCH_SIZE):
            index.update(ids[start : start + index.BATCH_SIZE])


def queue(ids) -> None:
    """Update the index for the articles ``ids`` when the current transaction commits
    (at once outside a transaction)."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One callback per transaction. Joining one queued earlier is always right: a
        # rollback that drops it undoes this change too, and a rollback of this change
        # alone leaves it to read what was committed.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, Update) and not callback.ran:
                callback.ids |= ids
                return
    # robust: the article is saved whatever happens to its index entry; a failure is
    # logged, and `newsdesk reindex` repairs the index.
    transaction.on_commit(Update(ids), robust=True)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue({instance.pk})


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
def byline_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queue({instance.article_id})


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        queue({instance.pk})
    elif action == "pre_clear":
        queue(instance.articles.values_list("pk", flat=True))
    else:
        queue(pk_set or ())


@receiver(pre_save, sender=Person)
@receiver(pre_save, sender=Tag)
def remember_name(sender, instance, raw=False, **kwargs):
    instance._name_before = None
    if instance.pk and not raw:
        stored = sender.objects.filter(pk=instance.pk).only("name", "translations").first()
        instance._name_before = stored and names(stored)


def names(instance) -> dict:
    """What the index holds of a person or tag: its name in every language."""
    return instance.in_every_language(["name"])


@receiver(post_save, sender=Person)
def person_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created and getattr(instance, "_name_before", None) != names(instance):
        queue(Byline.objects.filter(person=instance).values_list("article_id", flat=True))


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created and getattr(instance, "_name_before", None) != names(instance):
        queue(instance.articles.values_list("pk", flat=True))


@receiver(pre_delete, sender=Tag)
def tag_deleted(sender, instance, **kwargs):
    # Deleting a tag removes its links without an m2m_changed signal.
    queue(instance.articles.values_list("pk", flat=True))
