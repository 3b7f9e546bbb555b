"""Fields stored in every edition's language without a column per language.

A translatable model keeps its plain fields (``name``, ``bio``, ``caption``...) in
``settings.LANGUAGE_CODE`` and the other editions' versions in one JSON field,
``translations = {"ja": {"name": "…"}, ...}``, one key per edition. It names the fields that
translate in ``TRANSLATED_FIELDS``. Reading goes through ``obj.localized(field)``, which
returns a ``Text``: the string a reader of the current edition should see, with the
language it is really in, so that a template can mark an English fallback with
``lang="en"`` (``{{ value|lang_attr }}``, content/templatetags/editions.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Text(str):
    """A string that knows which language it is in (``.lang``, a code of settings.LANGUAGES)."""

    lang: str

    def __new__(cls, value: str, lang: str):
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    def __reduce__(self):
        return (Text, (str(self), self.lang))


def other_languages() -> list[str]:
    """The configured editions whose text goes into ``translations``: all but the default."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translations_field():
    """The JSON field every translatable model declares as ``translations``."""
    return models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The translated fields, by language: {language: {field: text}}."),
    )


def named(text: str, field: str = "name") -> Q:
    """Rows whose ``field`` is ``text``, case aside, in any edition's language."""
    condition = Q(**{f"{field}__iexact": text})
    for language in other_languages():
        condition |= Q(**{f"translations__{language}__{field}__iexact": text})
    return condition


class Translatable:
    """Mixin for a model with a ``translations`` field and ``TRANSLATED_FIELDS``."""

    TRANSLATED_FIELDS: tuple[str, ...] = ()

    def localized(self, field: str, language: str | None = None) -> Text:
        """``field`` in ``language`` (the active one by default) when it is filled in,
        else the plain field, in settings.LANGUAGE_CODE."""
        if field not in self.TRANSLATED_FIELDS:
            raise ValueError(f"{type(self).__name__}.{field} is not a translated field.")
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        if language != settings.LANGUAGE_CODE:
            text = (self.translations or {}).get(language, {}).get(field)
            if text:
                return Text(text, language)
        return Text(getattr(self, field), settings.LANGUAGE_CODE)

    def translation(self, language: str, field: str) -> str:
        """``field`` as stored in ``language``, "" if it is not translated into it (the
        plain field for settings.LANGUAGE_CODE)."""
        if language == settings.LANGUAGE_CODE:
            return getattr(self, field)
        return (self.translations or {}).get(language, {}).get(field, "")

    def in_every_language(self, fields=None) -> dict[str, dict[str, str]]:
        """The translated ``fields`` (all by default) in each configured language that has
        them, the default language's plain fields included:
        ``{"en": {"name": …}, "ja": {...}}``."""
        fields = fields or self.TRANSLATED_FIELDS
        stored = self.translations or {}
        texts = {settings.LANGUAGE_CODE: {field: getattr(self, field) for field in fields}}
        for language in other_languages():
            texts[language] = {field: stored.get(language, {}).get(field) for field in fields}
        return {
            language: {field: text for field, text in found.items() if text}
            for language, found in texts.items()
            if any(found.values())
        }

    def set_translation(self, language: str, field: str, text: str) -> None:
        """Store ``text`` as ``field`` in ``language`` ("" removes it; the plain field for
        settings.LANGUAGE_CODE); saved with the object."""
        if language == settings.LANGUAGE_CODE:
            setattr(self, field, text)
            return
        translations = dict(self.translations or {})
        fields = dict(translations.get(language, {}))
        fields[field] = text
        translations[language] = fields
        self.translations = compact(translations)

    def clean_translations(self) -> None:
        """Refuse translations into unconfigured languages (but keep those saved before
        their edition was switched off), of undeclared fields, or that are not strings or
        too long for the field; drop the empty ones."""
        translations = self.translations
        if not isinstance(translations, dict):
            raise ValidationError({"translations": _("Translations must be a mapping.")})
        allowed = other_languages()
        errors = []
        for language, fields in translations.items():
            if language not in allowed and fields != self._stored_translations().get(language):
                errors.append(
                    _("“%(language)s” is not an edition to translate into (%(allowed)s).")
                    % {"language": language, "allowed": ", ".join(allowed) or "-"}
                )
                continue
            if not isinstance(fields, dict):
                errors.append(
                    _("The %(language)s translations must be a mapping.") % {"language": language}
                )
                continue
            for field, text in fields.items():
                if field not in self.TRANSLATED_FIELDS:
                    errors.append(
                        _("“%(field)s” is not a field that translates.") % {"field": field}
                    )
                elif not isinstance(text, str):
                    errors.append(
                        _("The %(language)s %(field)s must be text.")
                        % {"language": language, "field": field}
                    )
                else:
                    limit = self._meta.get_field(field).max_length
                    if limit is not None and len(text) > limit:
                        errors.append(
                            _("The %(language)s %(field)s is longer than %(limit)d characters.")
                            % {"language": language, "field": field, "limit": limit}
                        )
        if errors:
            raise ValidationError({"translations": errors})
        self.translations = compact(translations)

    def _stored_translations(self) -> dict:
        """The translations as saved: those into an edition no longer configured are
        kept as they were (it may come back), never newly written."""
        if self.pk is None:
            return {}
        stored = type(self).objects.filter(pk=self.pk).values_list("translations", flat=True)
        return stored.first() or {}

    def clean(self):
        super().clean()
        self.clean_translations()

    def save(self, *args, **kwargs):
        # Cheap at every save, validated or not: no empty strings, no empty languages.
        if isinstance(self.translations, dict):
            self.translations = compact(self.translations)
        super().save(*args, **kwargs)


def compact(translations: dict) -> dict:
    """``translations`` without empty texts, and without languages left with none."""
    kept = {}
    for language, fields in translations.items():
        if not isinstance(fields, dict):
            kept[language] = fields  # left for clean_translations() to refuse
            continue
        filled = {field: text for field, text in fields.items() if text != ""}
        if filled:
            kept[language] = filled
    return kept
