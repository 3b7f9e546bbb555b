"""The admin for what articles are made of: sections, columns, people, tags and images.

Articles themselves are edited through the newsroom (newsdesk/newsroom/admin.py).
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Column, Image, Person, Section, Tag


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
    search_fields = ["caption", "credit", "alt_text", "source"]
    readonly_fields = ["preview", "width", "height", "embed", "source"]

    class Media:
        # Sizes of the thumbnails: the Content-Security-Policy refuses style attributes.
        css = {"all": ["newsroom/newsroom.css"]}
    fields = [
        "file",
        "preview",
        "caption",
        "credit",
        "alt_text",
        "width",
        "height",
        "source",
        "embed",
    ]
    list_filter = [("file", admin.EmptyFieldListFilter)]

    @admin.display(description=_("Image"))
    def thumbnail(self, image):
        if not image.file:
            return format_html("<em>{}</em>", _("file to upload"))
        return format_html('<img src="{}" alt="" class="image-thumbnail">', image.file.url)

    @admin.display(description=_("Preview"))
    def preview(self, image):
        if not image.file:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" class="image-preview">',
            image.file.url,
            image.alt_text,
        )

    @admin.display(description=_("Size"))
    def size(self, image):
        return f"{image.width}×{image.height}"

    @admin.display(description=_("Embed code (paste into an article body)"))
    def embed(self, image):
        return image.embed_code if image.pk else "—"
