"""Forms of the newsroom: the article form with its edit lock, and a translation request."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.content.body import sanitize
from newsdesk.content.models import Article
from newsdesk.content.slugs import unique_slug
from newsdesk.languages import edition_choices, edition_codes, language_label
from newsdesk.newsroom import images, roles
from newsdesk.newsroom.revisions import (
    FIELDS,
    LIST_FIELDS,
    RELATED,
    TEXT_FIELDS,
    Conflict,
    find_conflict,
    overlaps_between,
    resolve,
)
from newsdesk.newsroom.translations import check_finished
from newsdesk.newsroom.widgets import BodyEditor
from newsdesk.newsroom.workflow import (
    FINISHED_BEFORE,
    STEPS,
    Action,
    allowed_steps,
    refuse_missing_alt_text,
)


class VersionedForm(forms.Form):
    """Merges a save that started from an older revision than the article's latest.

    What the other person changed since is merged with what this form changed (three
    way, from the revision both started from: revisions.merge). Where both changed the
    same part, the form is refused with mine in it, theirs beside it and a choice per
    part; the form learns the latest revision, so the next save goes through, and
    ``merge_state`` the one it started from, so that save can apply the choices.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    merge_state = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict: Conflict | None = None  # refused: someone saved since
    merged: Conflict | None = None  # saved, merged with someone's save

    def check_version(self, article: Article, mine: dict | None = None) -> dict:
        """``mine``: the snapshot fields this form edits; returns them merged with what was
        saved since the form was opened, or raises ValidationError (self.conflict)."""
        mine = mine or {}
        if article.pk is None:
            return mine
        mine = self._apply_choices(article, mine)
        conflict = find_conflict(article, self.cleaned_data.get("base_version"), mine)
        if conflict is None:
            return mine
        if conflict.merged:
            if conflict.changes:  # else their revision only added a note
                self.merged = conflict
            return {name: conflict.merge.result[name] for name in mine}
        self.conflict = conflict
        data = self.data.copy()
        data["base_version"] = conflict.current
        if conflict.merge is not None:
            data["merge_state"] = conflict.base
            for name in mine:
                self.show_value(data, name, conflict.merge.result[name])
        self.data = data
        raise ValidationError(conflict.message, code="conflict")

    def show_value(self, data, name: str, value) -> None:
        """Put a merged snapshot value back into the submitted data the form shows."""
        if isinstance(value, list) and hasattr(data, "setlist"):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = "" if value is None else str(value)

    def _apply_choices(self, article: Article, mine: dict) -> dict:
        """``mine`` with the other's version of the parts where the panel chose theirs.

        The parts are worked out again from the revisions (the one the user started
        from, ``merge_state``, and the one they were shown, ``base_version``) and the
        form, which holds mine there: nothing but the choice comes from the browser.
        """
        chosen = {
            key.removeprefix("choice-")
            for key, value in self.data.items()
            if key.startswith("choice-") and value == "theirs"
        }
        started = self.cleaned_data.get("merge_state")
        shown = self.cleaned_data.get("base_version")
        if not chosen or started is None or shown is None:
            return mine
        return resolve(mine, overlaps_between(article, started, shown, mine), chosen)


# The article form's fields that a revision snapshot keeps (credits are inlines).
SNAPSHOT_FIELDS = set(FIELDS) - set(LIST_FIELDS)


class ArticleForm(forms.ModelForm, VersionedForm):
    review_note = forms.CharField(
        label=_("Note for the writer or editor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Saved with the article's review notes. Needed to return it to the writer."),
    )
    publish_anyway = forms.BooleanField(
        label=_("Publish anyway"),
        required=False,
        help_text=_(
            "Editors: send this translation on unfinished. Say why in the note; it is logged."
        ),
    )
    # The texts typed under the body's pictures in the editor (newsroom/images.py).
    body_images = forms.CharField(widget=forms.HiddenInput, required=False)
    image_changes: dict = {}
    user = None  # set by the admin: whose request this is

    class Meta:
        model = Article
        fields = [
            "column",
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "lead_image",
            "source_line",
            "language",
            "translation_of",
            "published_at",
            "revised_at",
        ]
        widgets = {"body": BodyEditor}
        help_texts = {
            "body": _(
                "Subheadings, quotes, lists and links from the toolbar; pictures with "
                "“Picture”, or dropped in. Pasted text keeps its structure only."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["base_version"] = self.instance.version
        language = self.fields.get("language")
        if language is not None and self.instance.language not in edition_codes():
            # Imported in a language that is no edition ("de"): shown as it is, and kept
            # out of the editions until an editor chooses one (clean_language).
            code = self.instance.language
            language.choices = [*edition_choices(), (code, language_label(code))]
        if "slug" in self.fields:
            # Typed before the page's scripts ran (or without them), the headline leaves
            # the slug empty: clean() makes it from the headline then.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the headline.")
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "To schedule: set a future time here, then press “Schedule”."
            )

    def clean_language(self):
        code = self.cleaned_data["language"]
        if code not in edition_codes():
            raise ValidationError(
                _("%(language)s is not an edition of this site: choose the edition it goes to.")
                % {"language": language_label(code)}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("headline"):
            language = cleaned.get("language") or self.instance.language
            others = Article.objects.filter(language=language).exclude(pk=self.instance.pk)
            cleaned["slug"] = unique_slug(
                others, cleaned["headline"], fallback="article", max_length=190,
                allow_unicode=True,
            )  # fmt: skip
        self.merge_saved(cleaned)
        self.check_step(cleaned)
        self.check_pictures(cleaned)
        return cleaned

    def merge_saved(self, cleaned: dict) -> None:
        """Merge what was saved since the form opened into ``cleaned`` (VersionedForm).

        Credits are inlines, outside this form: they are saved as submitted.
        """
        mine = {}
        for name in SNAPSHOT_FIELDS & set(cleaned):
            value = cleaned[name]
            if name == "tags":
                value = sorted(tag.pk for tag in value)
            elif name in RELATED:
                value = value.pk if value is not None else None
            elif name == "body":
                value = sanitize(value)  # as saved, so unchanged blocks compare equal
            mine[name] = value
        merged = self.check_version(self.instance, mine)
        for name, value in merged.items():
            if value == mine[name]:
                continue
            if name == "tags":
                cleaned[name] = RELATED[name].objects.filter(pk__in=value)
            elif name in RELATED:
                cleaned[name] = RELATED[name].objects.filter(pk=value).first()
            else:
                cleaned[name] = value

    def check_step(self, cleaned: dict) -> None:
        """The workflow button pressed, if any, is one this user may press now."""
        action = self.data.get("_step")
        if not action:
            return
        article = self.instance
        if article.pk is None:
            article.created_by = self.user
        step = STEPS.get(action)
        if step is None or step not in allowed_steps(self.user, article):
            raise ValidationError(_("You cannot take this step with this article now."))
        if action == Action.RETURNED and not (cleaned.get("review_note") or "").strip():
            self.add_error("review_note", _("Say what the writer should change."))
        if action in FINISHED_BEFORE and article.translation_of_id is not None:
            self.check_finished(cleaned)
        if action == Action.SCHEDULED:
            when = cleaned.get("published_at", article.published_at)
            if when is None or when <= timezone.now():
                self.add_error(
                    "published_at" if "published_at" in self.fields else None,
                    _("To schedule, set the publication time to a moment in the future."),
                )

    def check_finished(self, cleaned: dict) -> None:
        """A translation goes on finished, or with an editor's "Publish anyway" and note."""
        text = {f: cleaned.get(f, getattr(self.instance, f)) for f in TEXT_FIELDS}
        try:
            check_finished(
                self.instance,
                self.user,
                note=cleaned.get("review_note") or "",
                override=cleaned.get("publish_anyway", False),
                text=text,
            )
        except (ValidationError, PermissionDenied) as error:
            self.add_error(None, getattr(error, "messages", [str(error)]))

    # The body's pictures: texts typed under them, alt text before review ------------------

    def clean_body_images(self):
        return images.parse_body_images(self.cleaned_data.get("body_images") or "")

    def check_pictures(self, cleaned: dict) -> None:
        """The pictures' texts typed in the editor are this user's to change; a step that
        puts the article before an editor or readers finds alt text on every picture."""
        instance = self.instance
        article = Article(
            pk=instance.pk,
            body=cleaned.get("body", instance.body),
            language=cleaned.get("language", instance.language),
            lead_image=cleaned.get("lead_image", instance.lead_image),
        )
        self.image_changes = images.changed_texts(
            article, cleaned.get("body_images") or {}, self.user
        )
        step = STEPS.get(self.data.get("_step") or "")
        if step is not None:
            typed = {image.pk: image for image in self.image_changes}
            missing = article.images_missing_alt_text(typed)
            refuse_missing_alt_text(step, missing, article.language)

    def _save_m2m(self):
        super()._save_m2m()
        images.save_texts(self.instance, self.image_changes, self.user)


def translators():
    """Accounts that may be assigned a translation: translators first, then editors."""
    users = get_user_model().objects.filter(is_active=True)
    is_translator = Exists(
        get_user_model().groups.through.objects.filter(
            user=OuterRef("pk"), group__name=roles.TRANSLATOR
        )
    )
    return (
        users.filter(
            Q(groups__name__in=[roles.TRANSLATOR, roles.EDITOR, roles.ADMIN]) | Q(is_superuser=True)
        )
        .distinct()
        .order_by(~is_translator, "first_name", "username")
    )


class TranslationRequestForm(forms.Form):
    language = forms.ChoiceField(label=_("Into"))
    translator = forms.ModelChoiceField(
        label=_("Translator"), queryset=None, required=False, empty_label=_("Nobody yet")
    )

    def __init__(self, *args, original: Article, **kwargs):
        super().__init__(*args, **kwargs)
        taken = {original.language, *original.translations.values_list("language", flat=True)}
        self.fields["language"].choices = [
            (code, name) for code, name in settings.LANGUAGES if code not in taken
        ]
        self.fields["translator"].queryset = translators()
        self.fields["translator"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()} ({', '.join(roles.role_names(u))})"
        )
