from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsdesk.imports.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Editors review what was imported; records are written only by ``newsdesk import``."""

    list_display = ["article_link", "kind", "source", "last_imported_at"]
    list_filter = ["kind", "last_imported_at"]
    search_fields = ["source", "source_key", "original_url", "article__headline"]
    list_select_related = ["article"]

    @admin.display(description=_("Article"))
    def article_link(self, record):
        url = reverse("admin:content_article_change", args=[record.article_id])
        return format_html(
            '<a href="{}">{}</a> ({})', url, record.article, record.article.get_status_display()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
