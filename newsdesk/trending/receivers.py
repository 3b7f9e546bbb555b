"""An article that leaves the public site leaves the hot lists at once."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from newsdesk.content.models import Article
from newsdesk.trending.hot import refresh
from newsdesk.trending.models import HotList


@receiver(post_save, sender=Article)
def left_public_site(sender, instance, raw=False, **kwargs):
    if raw or instance.has_public_status:
        return
    for hot in HotList.objects.all():
        if instance.pk in hot.article_ids:
            refresh()
            return
