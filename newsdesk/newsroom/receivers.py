"""What the newsroom does when something happens elsewhere.

The audit log hears of every status change, and the people it concerns are notified
(notifications.py). The roles stay in place: recreated after ``migrate`` if missing;
joining one opens the admin.
Translations are flagged outdated when their original's text is revised, and their
translators told.
"""

from django.apps import apps as installed_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_migrate
from django.dispatch import receiver

from newsdesk.content.models import Article, status_changed
from newsdesk.newsroom import notifications
from newsdesk.newsroom.revisions import text_revised
from newsdesk.newsroom.roles import ADMIN, ROLE_PERMISSIONS, ensure_roles
from newsdesk.newsroom.translations import flag_outdated
from newsdesk.newsroom.workflow import log, step_between

ROLES = {*ROLE_PERMISSIONS, ADMIN}


@receiver(status_changed, sender=Article)
def record_status_change(sender, article, before, by, detail, **kwargs):
    """One audit entry per move, named by its workflow step, whoever made it."""
    log(article, step_between(before, article.status).action, by, before=before, detail=detail)


@receiver(status_changed, sender=Article)
def notify_status_change(sender, article, before, by, detail, **kwargs):
    notifications.status_changed(article, before, by, detail)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def role_given(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "post_add" or not pk_set:
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(user, …)
        users = (
            User.objects.filter(pk__in=pk_set) if instance.name in ROLES else User.objects.none()
        )
    elif Group.objects.filter(pk__in=pk_set, name__in=ROLES).exists():
        users = User.objects.filter(pk=instance.pk)
    else:
        return
    users.filter(is_staff=False).update(is_staff=True)


@receiver(post_migrate)
def recreate_missing_roles(sender, app_config, using="default", apps=None, **kwargs):
    if app_config.label == "newsroom" and using == "default":
        ensure_roles(apps or installed_apps)


# Translations follow their original's text.


@receiver(text_revised)
def translations_outdated(sender, article, by=None, **kwargs):
    notifications.original_changed(flag_outdated(article), by)
