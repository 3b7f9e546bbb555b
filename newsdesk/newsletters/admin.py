"""The newsletter in the newsroom. For Admins only (``roles.is_admin``): the subscribers,
whom an Admin may delete on request and export (the confirmed ones, as CSV: email,
edition, confirmed time), and each day's issues with how many were sent. Nobody adds or
edits an address here: only its owner subscribes, by the double opt-in.

For editors too: each edition's next issue as it would be made now, since the front page
they arrange is what it carries, and emailed to themselves as a test on request."""

import csv
from datetime import date, timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from newsdesk.languages import edition_choices, edition_codes
from newsdesk.newsletters.digest import Contents, choose, edition_zone
from newsdesk.newsletters.models import Delivery, Issue, Subscriber
from newsdesk.newsletters.sending import local_day
from newsdesk.newsroom import roles
from newsdesk.newsroom.site import RecordAdmin

# A cell a spreadsheet would run as a formula (CSV injection): kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("confirmed")), ("no", _("waiting for confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.pending()
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(RecordAdmin):
    seen_by = staticmethod(roles.is_admin)

    list_display = ["email", "language", "confirmed_at", "requested_at"]
    list_filter = [ConfirmedFilter, "language"]
    search_fields = ["email"]
    show_full_result_count = False
    change_list_template = "newsletters/admin/change_list.html"

    def has_delete_permission(self, request, obj=None):
        # Nobody edits an address, but an Admin deletes one on its owner's request.
        return roles.is_admin(request.user)

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="newsletters_subscriber_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The confirmed subscribers as CSV: email, edition, confirmed time (ISO 8601)."""
        if not roles.is_admin(request.user):
            raise PermissionDenied
        stamp = timezone.localdate().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="newsletter-subscribers-{stamp}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["email", "edition", "confirmed_at"])
        rows = Subscriber.objects.confirmed().order_by("language", "email")
        for email, language, confirmed_at in rows.values_list(
            "email", "language", "confirmed_at"
        ).iterator():
            writer.writerow([_as_text(email), language, confirmed_at.isoformat()])
        return response


@admin.register(Issue)
class IssueAdmin(RecordAdmin):
    seen_by = staticmethod(roles.is_admin)

    list_display = ["day", "language", "stories", "sent", "failed", "finished_at"]
    list_filter = ["language"]
    ordering = ["-day", "language"]
    show_full_result_count = False
    change_list_template = "newsletters/admin/issue_change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {"editions": edition_choices(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        next_issue = path(
            "next/<str:language>/",
            self.admin_site.admin_view(
                require_http_methods(["GET", "HEAD", "POST"])(self.next_view)
            ),
            name="newsletters_issue_next",
        )
        return [next_issue, *super().get_urls()]

    def next_view(self, request, language):
        """``language``'s next issue as it would be made now; posted, a test of it is
        emailed to the person asking, and nothing is recorded."""
        if not roles.is_editor(request.user):
            raise PermissionDenied
        if language not in edition_codes():
            raise Http404
        now = timezone.now()
        top, hot = choose(language, now)
        issue = Issue(language=language, day=next_day(language, now), top_ids=top, hot_ids=hot)
        contents = Contents.of(issue)
        address = request.user.email
        if request.method == "POST":
            email_test(request, contents, address)
            return redirect(request.path)
        message = None if contents.is_empty else contents.message(addressee(address, language))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("The next newsletter"),
            "language": language,
            "editions": edition_choices(),
            "issue": issue,
            "contents": contents,
            "message": message,
            "address": address,
            "hour": settings.NEWSLETTER_HOUR,
            "zone": edition_zone(language),
            "sees_issues": self.has_view_permission(request),
        }
        return TemplateResponse(request, "newsletters/admin/next_issue.html", context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent=Count("deliveries", filter=Q(deliveries__state=Delivery.State.SENT)),
                failed=Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED)),
            )
        )

    @admin.display(description=_("stories"))
    def stories(self, issue):
        return len(issue.top_ids) + len(issue.hot_ids)

    @admin.display(description=_("sent"), ordering="sent")
    def sent(self, issue):
        return issue.sent

    @admin.display(description=_("failed"), ordering="failed")
    def failed(self, issue):
        return issue.failed


def _as_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def next_day(language: str, now) -> date:
    """The local day of ``language``'s next issue: today's, unless it was made already."""
    today, _hour = local_day(language, now)
    made = Issue.objects.filter(language=language, day=today).exists()
    return today + timedelta(days=1) if made else today


def addressee(address: str, language: str) -> Subscriber:
    """Whom a test is addressed to: the person's own subscription to the edition, if they
    have one (its unsubscribe link is theirs), else nobody's (its link leads nowhere)."""
    own = Subscriber.objects.confirmed().filter(email=address.strip().lower(), language=language)
    return (address and own.first()) or Subscriber(pk=0, email=address, language=language)


def email_test(request, contents: Contents, address: str) -> None:
    """Email ``contents`` to ``address`` now, marked a test; says how it went."""
    if not address:
        messages.error(request, gettext("Your account has no email address to send a test to."))
        return
    if contents.is_empty:
        messages.error(request, gettext("The next issue has no stories: there is nothing to send."))
        return
    message = contents.message(addressee(address, contents.issue.language))
    message.subject = gettext("[Test] %(subject)s") % {"subject": message.subject}
    try:
        message.send()
    except Exception as error:  # the server away or refusing: said, not raised
        messages.error(request, gettext("The test could not be sent: %(error)s") % {"error": error})
    else:
        messages.success(
            request,
            gettext("A test of the next issue was emailed to %(address)s.") % {"address": address},
        )
