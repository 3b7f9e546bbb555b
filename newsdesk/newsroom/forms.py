"""Forms of the newsroom: the article form with its edit lock, and a translation request."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article
from newsdesk.newsroom import images, roles
from newsdesk.newsroom.revisions import Conflict, find_conflict
from newsdesk.newsroom.widgets import BodyEditor
from newsdesk.newsroom.workflow import STEPS, Action, allowed_steps, refuse_missing_alt_text


class VersionedForm(forms.Form):
    """Refuses a save that started from an older revision than the article's latest.

    The refused form keeps what its user wrote and learns the latest revision, so a
    second save, after reading what the other person changed, goes through.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict: Conflict | None = None

    def check_version(self, article: Article) -> None:
        if article.pk is None:
            return
        self.conflict = find_conflict(article, self.cleaned_data.get("base_version"))
        if self.conflict is not None:
            data = self.data.copy()
            data["base_version"] = self.conflict.current
            self.data = data
            raise ValidationError(self.conflict.message, code="conflict")


class ArticleForm(forms.ModelForm, VersionedForm):
    review_note = forms.CharField(
        label=_("Note for the writer or editor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Saved with the article's review notes. Needed to return it to the writer."),
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
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "To schedule: set a future time here, then press “Schedule”."
            )

    def clean(self):
        cleaned = super().clean()
        self.check_version(self.instance)
        self.check_step(cleaned)
        self.check_pictures(cleaned)
        return cleaned

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
        if action == Action.SCHEDULED:
            when = cleaned.get("published_at", article.published_at)
            if when is None or when <= timezone.now():
                self.add_error(
                    "published_at" if "published_at" in self.fields else None,
                    _("To schedule, set the publication time to a moment in the future."),
                )

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
