"""The newsroom's side of breaking-news pushes: what became of an article's push (on its
page), the list of pushes, and an Admin's "Send anyway" over the hourly limit."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk.newsroom import roles
from newsdesk.newsroom.site import RecordAdmin
from newsdesk.push.models import Push, PushRefused


def queue_and_tell(model_admin, request, article) -> None:
    """After the article form saved ``article``: queue its push if it is due (marked
    breaking when published already; publishing queued it already: receivers.py), and
    tell the editor what became of a push queued in this request."""
    push = Push.queue_for(article, request.user) or getattr(article, "queued_push", None)
    if push is None:
        return
    if push.state == Push.State.REFUSED:
        model_admin.message_user(request, push.refusal(), messages.WARNING)
    else:
        model_admin.message_user(
            request, _("Breaking news: the alert is queued; the worker sends it now.")
        )


def panel(request, article) -> dict:
    """The context of the article page's push panel (push/article_panel.html)."""
    push = Push.objects.filter(article=article).first()
    return {
        "push": push,
        "can_send_anyway": push is not None
        and push.state == Push.State.REFUSED
        and roles.is_admin(request.user),
    }


@admin.register(Push)
class PushAdmin(RecordAdmin):
    """Every push, newest first, with its counts: read only, editors and admins."""

    seen_by = staticmethod(roles.is_editor)

    list_display = [
        "article_link", "language", "state", "queued_at", "queued_by",
        "subscribers", "sent", "failed", "removed", "overridden_by",
    ]  # fmt: skip
    list_filter = ["state", "language"]
    list_select_related = ["article"]
    list_per_page = 50

    @admin.display(description=gettext_lazy("Article"))
    def article_link(self, push):
        url = reverse("admin:content_article_change", args=[push.article_id])
        return format_html('<a href="{}">{}</a>', url, push.article.headline)

    def get_urls(self):
        return [
            path(
                "<int:pk>/send-anyway/",
                self.admin_site.admin_view(self.send_anyway_view),
                name="push_send_anyway",
            ),
            *super().get_urls(),
        ]

    def send_anyway_view(self, request, pk):
        """An Admin sends a refused push over the hourly limit (POST only)."""
        push = get_object_or_404(Push.objects.select_related("article"), pk=pk)
        if request.method != "POST":
            return redirect("admin:content_article_change", push.article_id)
        if not roles.is_admin(request.user):
            raise PermissionDenied(_("Only an Admin may push over the hourly limit."))
        try:
            push.send_anyway(request.user)
        except PushRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, _("Sent anyway: the alert is queued."))
        return redirect("admin:content_article_change", push.article_id)
