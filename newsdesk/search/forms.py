"""The search form: what to look for, and the filters, read from the query string."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article, Person, Section

ALL_LANGUAGES = "all"


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, section):
        return section.display_name


class SearchForm(forms.Form):
    """``?q=&language=&section=&author=&from=&to=``; every field may be left out.

    ``language`` is the edition's unless the reader picks another, or "all".
    """

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    language = forms.ChoiceField(label=_("Language"), required=False)
    section = SectionChoice(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Person.objects.none(),  # the authors of the language searched: __init__
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
    )

    def __init__(self, data=None, *, edition: str):
        super().__init__(data)
        self.edition = edition
        self.fields["language"].choices = [
            *settings.LANGUAGES,
            (ALL_LANGUAGES, _("All languages")),
        ]
        self.fields["language"].initial = edition
        self.fields["author"].queryset = self.authors()
        # "from" is a Python keyword: the date fields are added here.
        self.fields["from"] = forms.DateField(label=_("From"), required=False)
        self.fields["to"] = forms.DateField(label=_("To"), required=False)

    @property
    def shown_language(self) -> str:
        """The language the select shows: the one asked for, else the edition's."""
        return (self.data.get("language") if self.is_bound else None) or self.edition

    def authors(self):
        """Who the author menu offers: people with a byline on a published article in the
        language searched (any, for "all"); no one known only from drafts."""
        published = Article.objects.published()
        language = self.shown_language
        if language != ALL_LANGUAGES:
            codes = dict(settings.LANGUAGES)
            published = published.in_language(language if language in codes else self.edition)
        return Person.objects.authors_of(published).only("name", "slug")

    @property
    def edition_codes(self) -> list[str]:
        """The languages offered, each named in itself (the menu marks them with lang)."""
        return [code for code, _name in settings.LANGUAGES]

    @property
    def narrowed(self) -> bool:
        """A filter is set (or wrong): the page shows the filters unfolded."""
        if not self.is_bound:
            return False
        filters = [name for name in self.fields if name != "q"]
        if any(self.errors.get(name) for name in filters):
            return True
        return self.shown_language != self.edition or any(
            self.data.get(name) for name in filters if name != "language"
        )

    @property
    def dates(self):
        return [self["from"], self["to"]]

    def clean_language(self):
        return self.cleaned_data["language"] or self.edition

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("from"), cleaned.get("to")
        if since and until and since > until:
            self.add_error("to", _("The end date is before the start date."))
        return cleaned

    def search_arguments(self) -> dict:
        """The keyword arguments of ``query.search`` for a valid form."""
        data = self.cleaned_data
        language = data["language"]
        return {
            "language": None if language == ALL_LANGUAGES else language,
            "section": data["section"],
            "author": data["author"],
            "since": data["from"],
            "until": data["to"],
        }
