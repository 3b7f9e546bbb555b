"""The admin for what articles are made of: sections, columns, people, tags and images.

Articles themselves are edited through the newsroom (newsdesk/newsroom/admin.py). Images
follow the articles that show them: who may change one, and the audit log of changes to
a published one, come from the newsroom's roles and workflow.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Column, Image, Person, Section, Tag
from newsdesk.newsroom import roles, workflow


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

    # Who sees and changes what (newsroom/roles.py) ------------------------------------

    def get_queryset(self, request):
        return roles.visible_images(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.can_change_image(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_change_image(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            was = form.initial.get("caption") or ""
            detail = ", ".join(form.changed_data)
            if "caption" in form.changed_data and was:
                detail += f"; the caption was “{was[:150]}”"
            workflow.log_image_change(obj, request.user, detail)

    def delete_model(self, request, obj):
        workflow.log_image_change(obj, request.user, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk action asks for the permission without the objects: check each here.
        if queryset.exclude(pk__in=roles.changeable_images(request.user, queryset)).exists():
            raise PermissionDenied(_("Your role does not allow deleting some of these images."))
        for image in queryset:
            workflow.log_image_change(image, request.user, "deleted")
        super().delete_queryset(request, queryset)

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
