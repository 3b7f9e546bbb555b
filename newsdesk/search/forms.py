"""The search form: what to look for, and the filters, read from the query string."""

from django import forms
from django.conf import settings
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Article, Byline, Person, Section

ALL_LANGUAGES = "all"
# The author menu offers the authors of this many of the newest published articles of the
# language searched: asking which of the people have any published article reads every
# byline of the archive (8 s at a million articles on PostgreSQL, for each search page).
MENU_ARTICLES = 2_000


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

    def published(self):
        """The published articles of the language searched (any, for "all")."""
        published = Article.objects.published()
        language = self.shown_language
        if language != ALL_LANGUAGES:
            codes = dict(settings.LANGUAGES)
            published = published.in_language(language if language in codes else self.edition)
        return published

    def authors(self):
        """Who may be asked for: people with a byline on a published article in the
        language searched; no one known only from drafts. (Only the one asked for is
        looked up, when the form is checked: the menu is ``menu_authors``.)"""
        return Person.objects.authors_of(self.published()).only("name", "slug")

    @cached_property
    def menu_authors(self) -> list:
        """Who the author menu offers: the authors of the newest MENU_ARTICLES published
        articles in the language searched, by name, and the one asked for if valid; an
        index reads those articles newest first and their bylines, however large the
        archive."""
        newest = self.published().order_by("-published_at", "-pk").values("pk")
        bylines = Byline.objects.filter(article__in=newest[:MENU_ARTICLES]).order_by()
        # Asked for apart: in one query PostgreSQL may go from each person to all their
        # bylines, all of them for someone who wrote nothing lately.
        authors = set(bylines.values_list("person_id", flat=True).distinct())
        people = Person.objects.filter(pk__in=authors).only("name", "slug")
        menu = list(people)
        chosen = self.cleaned_data.get("author") if self.is_bound and self.is_valid() else None
        if chosen is not None and chosen.pk not in {person.pk for person in menu}:
            menu = sorted([*menu, chosen], key=lambda person: person.name)
        return menu

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
