"""The newsroom's admin for content: what an editor needs to find and fix an article."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_zh"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh", "slug"]
    search_fields = ["name", "name_zh"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role_title", "slug"]
    search_fields = ["name", "role_title", "bio"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "caption", "credit", "size", "embed"]
    search_fields = ["caption", "credit", "alt_text"]
    readonly_fields = ["preview", "width", "height", "embed"]
    fields = ["file", "preview", "caption", "credit", "alt_text", "width", "height", "embed"]

    @admin.display(description=_("Image"))
    def thumbnail(self, image):
        return format_html('<img src="{}" alt="" style="width:96px;height:auto">', image.file.url)

    @admin.display(description=_("Preview"))
    def preview(self, image):
        if not image.pk:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:480px;height:auto">',
            image.file.url,
            image.alt_text,
        )

    @admin.display(description=_("Size"))
    def size(self, image):
        return f"{image.width}×{image.height}"

    @admin.display(description=_("Embed code (paste into an article body)"))
    def embed(self, image):
        return image.embed_code if image.pk else "—"


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["person"]
    verbose_name = _("author")
    verbose_name_plural = _("authors, in byline order")


class TranslatorCreditInline(admin.TabularInline):
    model = TranslatorCredit
    extra = 0
    autocomplete_fields = ["person"]
    verbose_name = _("translator")
    verbose_name_plural = _("translators, in credit order")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "language", "section", "column", "status", "published_at"]
    list_filter = ["status", "section", "language", "column"]
    search_fields = ["headline", "standfirst", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "column", "lead_image", "translation_of", "tags"]
    date_hierarchy = "published_at"
    inlines = [BylineInline, TranslatorCreditInline]
    list_select_related = ["section", "column"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["column", "headline", "slug", "standfirst", "body"]}),
        (_("Placement"), {"fields": ["section", "tags", "lead_image", "source_line"]}),
        (_("Language"), {"fields": ["language", "translation_of"]}),
        (_("Publication"), {"fields": ["status", "published_at", "revised_at"]}),
    ]
