"""The newsletter in the newsroom, for Admins only (``roles.is_admin``): the subscribers,
whom an Admin may delete on request and export (the confirmed ones, as CSV: email,
edition, confirmed time), and each day's issues with how many were sent. Nobody adds or
edits an address here: only its owner subscribes, by the double opt-in."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.newsletters.models import Delivery, Issue, Subscriber
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
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "requested_at"]
    list_filter = [ConfirmedFilter, "language"]
    search_fields = ["email"]
    show_full_result_count = False
    change_list_template = "newsletters/admin/change_list.html"

    def has_module_permission(self, request):
        return roles.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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
