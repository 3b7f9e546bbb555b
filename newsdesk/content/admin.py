"""The admin for what articles are made of: sections, columns, people, tags and images.

Articles themselves are edited through the newsroom (newsdesk/newsroom/admin.py). Images
follow the articles that show them: who may change one, and the audit log of changes to
a published one, come from the newsroom's roles and workflow.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Column, Image, Person, Section, Tag
from newsdesk.content.translatable import other_languages
from newsdesk.newsroom import roles, workflow


def translation_inputs(model) -> list[tuple[str, str, str]]:
    """(input name, language, field) of each translated field in each edition but the
    default, for the editions configured now."""
    return [
        (f"{field}__{language}", language, field)
        for language in other_languages()
        for field in model.TRANSLATED_FIELDS
    ]


class TranslationsForm(forms.ModelForm):
    """A model form with one input per edition (other than the default) and translated
    field, read from and written to the model's ``translations``; built by
    ``translations_form()``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_translations = self.instance.translations
        for name, language, field in translation_inputs(self._meta.model):
            self.initial.setdefault(name, self.instance.translation(language, field))

    def clean(self):
        cleaned = super().clean()
        for name, language, field in translation_inputs(self._meta.model):
            if cleaned.get(name) is not None:
                self.instance.set_translation(language, field, cleaned[name])
        try:
            self.instance.clean_translations()
        except ValidationError as error:
            # Put back what was stored: the model's own clean() would raise it again,
            # under "translations", an input this form does not have.
            self.instance.translations = self._stored_translations
            raise ValidationError(error.messages) from error
        return cleaned


def translations_form(model, base=forms.ModelForm):
    """A form class for ``model`` with ``TranslationsForm``'s inputs, one per translated
    field and configured edition (built per request: settings can change)."""
    inputs = {}
    for name, language, field in translation_inputs(model):
        model_field = model._meta.get_field(field)
        widget = forms.Textarea if isinstance(model_field, models.TextField) else forms.TextInput
        inputs[name] = forms.CharField(
            label=f"{capfirst(model_field.verbose_name)} ({language_name(language)})",
            required=False,
            max_length=model_field.max_length,
            widget=widget(attrs={"lang": language, "class": "vLargeTextField"}),
        )
    return type(f"{model.__name__}TranslationsForm", (TranslationsForm, base), inputs)


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


class TranslatableAdmin(admin.ModelAdmin):
    """A model admin whose form has the translation inputs, in one fieldset per edition,
    and whose search also looks in the translations."""

    # The translated fields searched, in every edition.
    translated_search_fields = ("name",)
    # Edited through the inputs above, never as raw JSON.
    exclude = ["translations"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = translations_form(self.model, self.form)
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        inputs = translation_inputs(self.model)
        names = {name for name, _language, _field in inputs}
        fields = [name for name in self.get_fields(request, obj) if name not in names]
        fieldsets = [(None, {"fields": fields})]
        for language in other_languages():
            fieldsets.append(
                (
                    _("In %(language)s") % {"language": language_name(language)},
                    {"fields": [name for name, lang, _field in inputs if lang == language]},
                )
            )
        return fieldsets

    def get_search_fields(self, request):
        # A key inside the JSON: SQLite (json_extract) and PostgreSQL (->>) both compare
        # the text itself, where the JSON cast to text holds \uXXXX escapes on SQLite.
        return [
            *super().get_search_fields(request),
            *(
                f"translations__{language}__{field}"
                for language in other_languages()
                for field in self.translated_search_fields
            ),
        ]

    @admin.display(description=_("In other editions"))
    def other_editions(self, obj):
        field = obj.TRANSLATED_FIELDS[0]
        return format_html_join(
            "; ",
            '<span lang="{}">{}</span>',
            (
                (language, obj.translation(language, field))
                for language in other_languages()
                if obj.translation(language, field)
            ),
        )


@admin.register(Section)
class SectionAdmin(TranslatableAdmin):
    list_display = ["name", "other_editions", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Column)
class ColumnAdmin(TranslatableAdmin):
    list_display = ["name", "other_editions", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(TranslatableAdmin):
    list_display = ["name", "other_editions", "role_title", "slug"]
    search_fields = ["name", "role_title", "bio"]
    translated_search_fields = ("name", "role_title")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(TranslatableAdmin):
    list_display = ["name", "other_editions", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(TranslatableAdmin):
    translated_search_fields = ("caption", "alt_text")
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
