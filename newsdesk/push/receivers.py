"""A breaking story is pushed when it is published, whoever publishes it: an editor's
step, the bulk action, the translation desk or the scheduler (``status_changed``). Marking
an article that is published already is the article form's (newsroom/admin.py)."""

from django.dispatch import receiver

from newsdesk.content.models import Article, status_changed
from newsdesk.push.models import Push


@receiver(status_changed, sender=Article)
def push_when_published(sender, article, before, by, **kwargs):
    push = Push.queue_for(article, by)
    if push is not None:
        # The form that published it tells its editor what became of the push.
        article.queued_push = push
