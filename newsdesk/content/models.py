"""The content model: sections, columns, people, tags, images and articles."""

import functools
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import Signal, receiver
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _

from newsdesk.content import body
from newsdesk.content.reading import reading_minutes
from newsdesk.content.translatable import Text, Translatable, translations_field
from newsdesk.content.uploads import UprightImageField, check_size
from newsdesk.languages import default_edition, edition_choices, edition_codes, language_label

# Sent after an article's status moved and the article was saved, inside the same transaction:
# ``article``, ``before`` (its status before), ``by`` (a user, or the name of the program that
# acted: "scheduler") and ``detail``. The newsroom writes the audit log from it; content
# cannot import the newsroom.
status_changed = Signal()


def validate_image_size(file):
    """Kept for the migrations that name it; uploads.py checks sizes in bytes and pixels."""
    check_size(file)


class Section(Translatable, models.Model):
    """A part of the paper ("Top News", "Business"); every article is in one."""

    TRANSLATED_FIELDS = ("name",)

    name = models.CharField(max_length=100)
    translations = translations_field()
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Order in menus."))

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:section", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> Text:
        return self.localized("name")


class ColumnQuerySet(models.QuerySet):
    def of(self, articles):
        """The columns of any of ``articles`` (a QuerySet of Article)."""
        return self.filter(Exists(articles.filter(column=OuterRef("pk"))))

    def public(self):
        """The columns readers may know of: those of a published article, in any edition.
        A column whose articles are all drafts has no page, feed or API entry yet."""
        return self.of(Article.objects.published())


class Column(Translatable, models.Model):
    """A recurring series ("Review"), shown as a kicker above the headline."""

    TRANSLATED_FIELDS = ("name", "description")

    name = models.CharField(max_length=100)
    translations = translations_field()
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:column", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> Text:
        return self.localized("name")

    @property
    def display_description(self) -> Text:
        return self.localized("description")


class PersonQuerySet(models.QuerySet):
    def credited_on(self, articles):
        """People credited (as author or translator) on any of ``articles`` (a QuerySet)."""
        return self.filter(
            Exists(articles.filter(bylines__person=OuterRef("pk")))
            | Exists(articles.filter(translator_credits__person=OuterRef("pk")))
        )

    def authors_of(self, articles):
        """People with a byline on any of ``articles`` (a QuerySet of Article)."""
        return self.filter(Exists(articles.filter(bylines__person=OuterRef("pk"))))

    def public(self):
        """The people readers may know of: credited on a published article, in any edition.
        Someone credited only on drafts has no page, feed or API entry yet."""
        return self.credited_on(Article.objects.published())


class Person(Translatable, models.Model):
    """Someone credited on articles: a writer, a translator, a photographer.

    Their name in another edition is their name in that language's script (王晓), if any.
    """

    TRANSLATED_FIELDS = ("name", "role_title", "bio")

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role_title = models.CharField(
        max_length=100, blank=True, help_text=_('Shown before the name: "Staff writer".')
    )
    bio = models.TextField(blank=True)
    photo = UprightImageField(upload_to="people/", blank=True, validators=[validate_image_size])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("The newsroom account of this person, if they have one."),
    )
    translations = translations_field()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:person", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> Text:
        return self.localized("name")

    @property
    def display_role_title(self) -> Text:
        return self.localized("role_title")

    @property
    def display_bio(self) -> Text:
        return self.localized("bio")


class TagQuerySet(models.QuerySet):
    def on(self, articles):
        """The tags of any of ``articles`` (a QuerySet of Article)."""
        return self.filter(Exists(articles.filter(tags=OuterRef("pk"))))

    def public(self):
        """The tags readers may know of: those of a published article, in any edition.
        A tag used only on drafts has no page or API entry yet."""
        return self.on(Article.objects.published())


class Tag(Translatable, models.Model):
    TRANSLATED_FIELDS = ("name",)

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    translations = translations_field()

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reader:tag", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> Text:
        return self.localized("name")


class ImageQuerySet(models.QuerySet):
    def used_by(self, articles):
        """Images shown by any of ``articles`` (a QuerySet): as lead image or in the body."""
        leading = articles.filter(lead_image=models.OuterRef("pk"))
        embedding = articles.filter(inline_images=models.OuterRef("pk"))
        return self.filter(models.Exists(leading) | models.Exists(embedding))

    def published(self):
        """Images readers may see: those a published article shows (Article's published())."""
        return self.used_by(Article.objects.published())

    def unused(self):
        return self.exclude(pk__in=self.used_by(Article.objects.all()).values("pk"))


class Image(Translatable, models.Model):
    """A picture with what a reader and a screen reader need to know about it.

    The credit translates too: "Photo: Harbour Desk" is 图片：港口编辑部 in Chinese.
    """

    TRANSLATED_FIELDS = ("caption", "alt_text", "credit")

    file = UprightImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_size],
        blank=True,
        checksum_field="checksum",
        help_text=_("Empty for an imported image whose file is still to be uploaded."),
    )
    # The same file uploaded again is this image again: stored once and reused.
    checksum = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("SHA-256 of the file as it was uploaded."),
    )
    source = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Where an imported image came from: its original file name or address."),
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text=_("Photographer, agency."))
    alt_text = models.CharField(
        max_length=300, help_text=_("What the image shows, for readers who cannot see it.")
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="images_uploaded",
    )
    translations = translations_field()

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.caption[:60] or self.file.name or self.source

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Articles show this image's caption and credit in their pre-rendered body.
        for article in self.embedding_articles.all():
            article.save(update_fields=["body_html"])

    def articles(self):
        """The articles that show this image, as lead image or in their body."""
        return Article.objects.filter(
            models.Q(lead_image=self) | models.Q(pk__in=self.embedding_articles.values("pk"))
        )

    @property
    def is_published(self) -> bool:
        """Readers may see it: a published article shows it (``ImageQuerySet.published()``)."""
        return self.pk is not None and Image.objects.published().filter(pk=self.pk).exists()

    @property
    def display_caption(self) -> Text:
        return self.localized("caption")

    @property
    def display_alt_text(self) -> Text:
        return self.localized("alt_text")

    @property
    def display_credit(self) -> Text:
        return self.localized("credit")

    @property
    def embed_code(self) -> str:
        """What to write in an article body to show this image there."""
        return f'<figure data-image-id="{self.pk}"></figure>'


def tagging(tag):
    """The tagging of the outer query's article with ``tag`` (for EXISTS)."""
    return Article.tags.through.objects.filter(tag=tag, article_id=OuterRef("pk"))


@functools.cache
def article_address(language: str, script_prefix: str) -> str:
    """The address of an article page in ``language``, with ``{year}``, ``{month}``,
    ``{day}`` and ``{slug}`` to fill: reversed once, since a list names twenty articles
    and reverse() is the slowest part of naming one."""
    with translation.override(language):
        day = {"year": 1999, "month": "12", "day": "31"}
        path = reverse("reader:article", kwargs={**day, "slug": "s"})
    head, tail = path.rsplit("/1999/12/31/s", 1)
    return head.replace("{", "{{").replace("}", "}}") + "/{year}/{month}/{day}/{slug}" + tail


@receiver(setting_changed)
def forget_addresses(**kwargs) -> None:
    article_address.cache_clear()


# What a list reads of each article beside its stored card: its address (slug, language,
# date), its place in the list and the ids its surrogate keys name (caching/keys.py).
CARD_FIELDS = ["slug", "language", "published_at", "created_at", "column", "lead_image"]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: the one definition every public surface uses."""
        return self.with_public_status().filter(published_at__lte=timezone.now())

    def with_public_status(self):
        """Public by status, whatever the time: readers see them now or once their time comes.

        For bookkeeping that must follow an article before its time (the search index,
        cache purges, the hot lists), never for deciding what a reader is shown.
        """
        return self.filter(status=Article.PUBLIC_STATUS)

    def in_language(self, language: str):
        return self.filter(language=language)

    def among(self, ids):
        """Those of these articles whose ids are ``ids``, unordered: with the default order,
        SQLite reads a whole list along its date index to find a few rows."""
        return self.filter(pk__in=ids).order_by()

    def for_listing(self):
        """What a list of article cards needs, in two queries, without the bodies."""
        bylines = models.Prefetch("bylines", queryset=Byline.objects.select_related("person"))
        return (
            self.select_related("section", "column", "lead_image")
            .defer("body", "body_html")
            .prefetch_related(bylines)
        )

    def for_cards(self):
        """What a list of stored cards (content/cards.py) needs of each article: its
        address, its place in the list and its surrogate keys, in two light queries.
        ``cards.shown`` reads whole the few whose card it has to render."""
        credits = models.Prefetch("bylines", queryset=Byline.objects.only("article", "person"))
        return self.only(*CARD_FIELDS).prefetch_related(credits)

    def with_cards(self, *variants: str):
        """``for_cards`` in one query: each article with its kept card in each of
        ``variants`` (``kept_<variant>``, "-" as "_"; None when none is kept of the current
        version) and its authors' ids (``author_ids``, space separated: its card's keys),
        each found by its index. ``cards.shown`` renders the cards that are not kept.

        Raw subqueries: the ORM's own cost as much to build as the whole page's SQL takes
        to run. They name the article table as the outermost query does: read this
        QuerySet's rows, never use it as a subquery."""
        from django.db import connection

        from newsdesk.content.cards import read_with, version

        article, card = Article._meta.db_table, ArticleCard._meta.db_table
        current = version()
        kept = {
            read_with(variant): RawSQL(
                f"SELECT html FROM {card} WHERE article_id = {article}.id"
                " AND variant = %s AND version = %s",
                (variant, current),
                output_field=models.TextField(),
            )
            for variant in variants
        }
        joined = (
            "STRING_AGG(person_id::text, ' ')"
            if connection.vendor == "postgresql"
            else "GROUP_CONCAT(person_id, ' ')"
        )
        authors = RawSQL(
            f"SELECT COALESCE({joined}, '') FROM {Byline._meta.db_table}"
            f" WHERE article_id = {article}.id",
            (),
            output_field=models.TextField(),
        )
        return self.only(*CARD_FIELDS).annotate(**kept, author_ids=authors)

    def for_page(self):
        """What one article's page needs (reader page, API): its placement, its original,
        its credits with their people and its tags, in four queries."""
        bylines = models.Prefetch("bylines", queryset=Byline.objects.select_related("person"))
        translator_credits = models.Prefetch(
            "translator_credits", queryset=TranslatorCredit.objects.select_related("person")
        )
        return self.select_related(
            "section", "column", "lead_image", "translation_of"
        ).prefetch_related(bylines, translator_credits, "tags")

    def position(self) -> tuple[str, str]:
        """The names of the (published_at, id) this list is ordered and paged by: the
        article's own, or those of the index it is read along (``credited_to``), which
        hold the same values in the list's order."""
        if "listed_at" in self.query.annotations:
            return "listed_at", "listed_id"
        return "published_at", "pk"

    def latest_first(self):
        at, pk = self.position()
        return self.order_by(f"-{at}", f"-{pk}")

    # A list of one tag is walked down its edition's index, each article probed for the
    # tag (EXISTS): a join lets SQLite, once ANALYZE has run, start from the tag's rows and
    # sort all of them for each page (100 ms for 5,000 articles). A person's list is read
    # along their credits instead (``credited_to``).
    def tagged(self, tag):
        return self.filter(Exists(tagging(tag)))

    def written_by(self, person):
        return self.credited_as(Byline, "wrote", person)

    def translated_by(self, person):
        return self.credited_as(TranslatorCredit, "translated", person)

    def credited_as(self, credit, flag: str, person):
        """Those with a ``credit`` (Byline, TranslatorCredit; ``flag``: the Credit field
        that says so) of ``person``: read along the person's credits (``credited_to``),
        skipping the others in the same walk. A list read along someone's credits
        already (a writer's articles that a translator translated) probes those: a
        second list to walk would need a join."""
        if "listed_at" not in self.query.annotations:
            return self.credited_to(person, **{flag: True})
        return self.filter(
            Exists(credit.objects.filter(person=person, article_id=OuterRef("listed_id")))
        )

    def credited_to(self, person, **credit):
        """Those ``person`` wrote or translated, each once, that have a time up to now
        (what readers' lists of the person show, with ``published()``); ``credit``:
        conditions on their credits (``wrote=True``, ``translated=True``).

        Read along the person's credits (``Credit``), newest first: ``latest_first``,
        ``older_than`` and ``newer_than`` order and bound the list by the credit's
        (published_at, article), so each page seeks in the person's own index, whether
        they have ten articles or ten thousand, on SQLite and PostgreSQL alike. Walking
        the edition's index instead, probing each article for a credit, reads the whole
        edition for a person with few articles."""
        credit = {f"credits__{name}": value for name, value in credit.items()}
        return self.filter(
            credits__person=person, credits__published_at__lte=timezone.now(), **credit
        ).alias(listed_at=models.F("credits__published_at"), listed_id=models.F("credits__article"))

    def older_than(self, published_at, pk: int):
        """Those after (``published_at``, ``pk``) in ``latest_first`` order: a keyset page's
        rows. The plain bound on ``published_at`` lets each list's index seek to it."""
        at, id_ = self.position()
        found = self.filter(**{f"{at}__lte": published_at})
        # SQLite seeks on the first of two bounds on a column (published() has one, "until
        # now"): put the position's first, or a deep page reads every newer row.
        found.query.where.children.insert(0, found.query.where.children.pop())
        return found.filter(
            models.Q(**{f"{at}__lt": published_at}) | models.Q(**{f"{id_}__lt": pk})
        )

    def newer_than(self, published_at, pk: int):
        """Those before (``published_at``, ``pk``) in ``latest_first`` order."""
        at, id_ = self.position()
        return self.filter(**{f"{at}__gte": published_at}).filter(
            models.Q(**{f"{at}__gt": published_at}) | models.Q(**{f"{id_}__gt": pk})
        )


@receiver(pre_delete, sender=Image, dispatch_uid="image-deleted-from-bodies")
def remember_embedding_articles(sender, instance, **kwargs):
    """The articles whose body shows it, named while the links stand (a cascade drops them
    before the image goes)."""
    instance._embedding_ids = list(instance.embedding_articles.values_list("pk", flat=True))


@receiver(post_delete, sender=Image, dispatch_uid="image-deleted-from-bodies")
def render_bodies_without(sender, instance, **kwargs):
    """Their pre-rendered bodies show it: rendered again, its figure goes (``body.render``
    drops a figure whose image is gone), as a new caption comes on ``Image.save``."""
    for article in Article.objects.filter(pk__in=getattr(instance, "_embedding_ids", [])):
        article.save(update_fields=["body_html"])


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    # The status readers may see an article in (from its published_at on).
    PUBLIC_STATUS = Status.PUBLISHED

    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    standfirst = models.TextField(blank=True, help_text=_("A one or two sentence summary."))
    body = models.TextField(
        blank=True,
        help_text=_(
            "Paragraphs separated by blank lines, or HTML: p, h2, h3, blockquote, ul, ol, "
            "a, strong, em. To place an image, paste its embed code from the image list."
        ),
    )
    body_html = models.TextField(blank=True, editable=False)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    column = models.ForeignKey(
        Column, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    language = models.CharField(max_length=10, choices=edition_choices, default=default_edition)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_("The original this article translates."),
    )
    authors = models.ManyToManyField(Person, through="Byline", related_name="authored_articles")
    translators = models.ManyToManyField(
        Person, through="TranslatorCredit", related_name="translated_articles", blank=True
    )
    lead_image = models.ForeignKey(
        Image, on_delete=models.SET_NULL, null=True, blank=True, related_name="leading_articles"
    )
    inline_images = models.ManyToManyField(
        Image, related_name="embedding_articles", blank=True, editable=False
    )
    source_line = models.CharField(
        max_length=200, blank=True, help_text=_('Who published it: "(PACIFIC MERIDIAN)".')
    )
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    revised_at = models.DateTimeField(
        _("last updated"),
        null=True,
        blank=True,
        help_text=_("Shown to readers. Set by itself when a published article's text changes."),
    )
    # Published (or once it is), it is pushed to the edition's subscribers once (push/).
    breaking = models.BooleanField(
        _("breaking news"),
        default=False,
        db_default=False,  # added to a million rows without copying them (content 0023)
        help_text=_(
            "Sends an alert with the headline to readers who asked for breaking news, once, "
            "when it is published (or now, if it is)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
    )
    # The number of the latest revision: a save that started from an older one is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("assign_article", _("Can request translations and assign translators")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_slug_per_language")
        ]
        # Each list (edition, section, column) is read newest first, a page at a time from
        # a (published_at, id) position: these indexes seek to it and read in that order.
        # The last serves every edition at once (the API) and each month's sitemap.
        indexes = [
            models.Index(
                fields=["status", "language", "-published_at", "-id"], name="article_edition_list"
            ),
            models.Index(
                fields=["section", "status", "language", "-published_at", "-id"],
                name="article_section_list",
            ),
            models.Index(
                fields=["column", "status", "language", "-published_at", "-id"],
                name="article_column_list",
            ),
            models.Index(fields=["status", "published_at", "id"], name="article_published_list"),
            # The newsroom's article list (newsroom/admin.py): each filter, newest first (and
            # its calendar's first and last dates); sorted by headline. Its status filter
            # reads article_published_list. The id completes the list's order: PostgreSQL
            # keeps equal keys in no particular order and, without it, read another index.
            models.Index(fields=["section", "published_at", "id"], name="article_newsroom_section"),
            models.Index(fields=["column", "published_at", "id"], name="article_newsroom_column"),
            models.Index(
                fields=["language", "published_at", "id"], name="article_newsroom_language"
            ),
            models.Index(
                fields=["published_at", "id"],
                condition=models.Q(translation_of__isnull=False),
                name="article_newsroom_translations",
            ),
            models.Index(fields=["headline"], name="article_newsroom_headline"),
            # The dates of articles found by id (the newsroom's search and outdated
            # translations: their order and calendar), read from an index: on SQLite
            # published_at sits after the bodies in each row, in their overflow pages.
            models.Index(fields=["id", "published_at"], name="article_newsroom_dates"),
            # The newsroom home (newsroom/home.py): what awaits review, latest activity
            # first; the unfinished translations (TranslationTask.objects.unfinished()),
            # the few of each status rather than every translation ever made.
            models.Index(fields=["status", "updated_at", "id"], name="article_newsroom_activity"),
            models.Index(
                fields=["status", "id"],
                condition=models.Q(translation_of__isnull=False),
                name="article_translation_status",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        images = self.prepare()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.inline_images.set(images)

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return article_address(self.language, get_script_prefix()).format(
            year=when.year,
            month=f"{when.month:02d}",
            day=f"{when.day:02d}",
            slug=quote(self.slug, safe=RFC3986_SUBDELIMS + "/~:@"),  # as reverse() quotes
        )

    def clean(self):
        original = self.translation_of
        if original is not None:
            if original.pk == self.pk:
                raise ValidationError({"translation_of": _("An article cannot translate itself.")})
            if original.translation_of_id is not None:
                raise ValidationError(
                    {"translation_of": _("Choose the original, not another translation.")}
                )
            if original.language == self.language:
                raise ValidationError(
                    {"translation_of": _("A translation must be in another language.")}
                )

    def prepare(self, images: dict[int, Image] | None = None) -> list[Image]:
        """Derive what is stored from what was written; returns the inline images to link.

        ``save()`` calls it, and so does the archive generator before its bulk inserts,
        so that both write the same rows. ``images`` (by id) saves looking them up.
        """
        self.body = body.sanitize(self.body)
        # The one place a publication date is defaulted.
        if self.has_public_status and self.published_at is None:
            self.published_at = timezone.now()
        if self._text_changed_while_published():
            self.revised_at = timezone.now()
        ids = body.image_ids(self.body)
        if images is None:
            found = Image.objects.in_bulk(ids)
        else:
            found = {pk: images[pk] for pk in ids if pk in images}
        self.body_html = body.render(self.body, found, self.language)
        return list(found.values())

    def _text_changed_while_published(self) -> bool:
        if self.pk is None or not self.has_public_status:
            return False
        stored = (
            Article.objects.with_public_status()
            .filter(pk=self.pk)
            .values("headline", "standfirst", "body")
            .first()
        )
        return stored is not None and stored != {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "body": self.body,
        }

    def images_missing_alt_text(self, images: dict[int, Image] | None = None) -> list[Image]:
        """The pictures it shows (lead image, then the body's, each once) that have no alt
        text in its language nor in the default one it falls back on. Submitting for
        review, scheduling and publishing refuse while there are any (workflow.py).

        ``images`` (by id) are used as given: texts typed but not saved yet count."""
        ids = [self.lead_image_id, *body.image_ids(body.sanitize(self.body))]
        ordered = list(dict.fromkeys(pk for pk in ids if pk is not None))
        given = images or {}
        found = Image.objects.in_bulk([pk for pk in ordered if pk not in given])
        found.update({pk: image for pk, image in given.items() if pk in ordered})
        return [
            found[pk]
            for pk in ordered
            if pk in found and not found[pk].localized("alt_text", self.language).strip()
        ]

    # The workflow: every status change goes through _move() -----------------------------

    def publish(self, by=None, at=None, *, detail: str = "") -> None:
        """Make it public now and save; ``by`` is a user or the name of a program.

        ``at`` dates the publication as given (an import keeps its source's date). Without
        it, a date still to come is brought forward to now (``schedule()`` is for later),
        an earlier one is kept (republishing keeps the first date), and none becomes now.
        Works on an unsaved article too, saving it once.
        """
        if at is not None:
            self.published_at = at
        elif self.published_at is not None and self.published_at > timezone.now():
            self.published_at = timezone.now()
        self._move(self.PUBLIC_STATUS, by, detail)

    def schedule(self, at, by=None) -> None:
        """Publish it at ``at``, a time in the future (the scheduler will), and save."""
        if at is None or at <= timezone.now():
            raise ValidationError(_("Choose a publication time in the future to schedule."))
        self.published_at = at
        detail = timezone.localtime(at).strftime("%Y-%m-%d %H:%M %Z")
        self._move(self.Status.SCHEDULED, by, detail)

    def unpublish(self, by=None, *, detail: str = "") -> None:
        """Take it off the public site (or out of the schedule) and save."""
        self._move(self.Status.UNPUBLISHED, by, detail)

    def move(self, status: str, by=None, *, detail: str = "") -> None:
        """Any other status change (submit, return, reopen), saved.

        Publishing and scheduling have rules about the date: ``publish()`` and
        ``schedule()`` make those moves.
        """
        if status in (self.PUBLIC_STATUS, self.Status.SCHEDULED):
            raise ValueError(f"Use publish() or schedule() to move an article to {status}.")
        self._move(status, by, detail)

    def _move(self, status: str, by, detail: str) -> None:
        # An import in a language that is no edition waits as a draft (imports/languageid.py):
        # public, it would have no edition to be listed, searched or translated in.
        if status in (self.PUBLIC_STATUS, self.Status.SCHEDULED) and (
            self.language not in edition_codes()
        ):
            raise ValidationError(
                _("%(language)s is not an edition of this site: choose the edition it goes to.")
                % {"language": language_label(self.language)}
            )
        before = self.status
        with transaction.atomic():
            self.status = status
            self.save()
            status_changed.send(Article, article=self, before=before, by=by, detail=detail)

    @property
    def has_public_status(self) -> bool:
        """Public by status, whatever the time (``ArticleQuerySet.with_public_status()``)."""
        return self.status == self.PUBLIC_STATUS

    @property
    def is_published(self) -> bool:
        """Readers may see it now (``ArticleQuerySet.published()``)."""
        return (
            self.has_public_status
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def was_updated(self) -> bool:
        """Its text was revised after publication (quick fixes within minutes do not count)."""
        if self.published_at is None or self.revised_at is None:
            return False
        return self.revised_at - self.published_at > timedelta(minutes=10)

    @property
    def reading_minutes(self) -> int:
        """Minutes its body takes to read (content/reading.py); blocks apart, as the desk counts."""
        return reading_minutes(body.plain_text(self.body_html))

    @property
    def original(self) -> "Article":
        return self.translation_of or self

    def published_versions(self) -> list["Article"]:
        """Every published language version of this story, this one included."""
        original = self.original
        # One indexed query per side: an OR of the two makes SQLite scan the table.
        # The few translations of one original by its index, which are published checked
        # here: asked in SQL, SQLite reads the whole published list by its date index.
        translations = Article.objects.filter(translation_of=original).order_by()
        versions = [a for a in translations.defer("body", "body_html") if a.is_published]
        if original.is_published:
            versions.append(original)
        return sorted(versions, key=lambda a: (a.translation_of_id is not None, a.language))

    def ordered_authors(self) -> list[Person]:
        return [byline.person for byline in self.bylines.all()]

    def ordered_translators(self) -> list[Person]:
        return [credit.person for credit in self.translator_credits.all()]


class Byline(models.Model):
    """An author of an article, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_author_per_article")
        ]

    def __str__(self):
        return str(self.person)


class TranslatorCredit(models.Model):
    """A translator of an article, in credit order."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="translator_credits"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="unique_translator_per_article"
            )
        ]

    def __str__(self):
        return str(self.person)


class Credit(models.Model):
    """A person's credit on an article, as writer, translator or both, once, with the
    article's ``published_at``: what a person's list (``credited_to``) reads, newest first,
    along one index, whether the person has ten articles or ten thousand.

    The database keeps these rows from Byline, TranslatorCredit and Article (triggers of
    migrations 0017 and 0020; ``content/credits.py`` puts SQLite's back after a table
    rebuild), so every way of writing those (bulk creates, generate, restores) keeps them
    right; Django never writes one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    published_at = models.DateTimeField(null=True)
    wrote = models.BooleanField(db_default=False)  # a byline
    translated = models.BooleanField(db_default=False)  # a translator credit

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "article"], name="unique_credit_per_person")
        ]
        indexes = [
            models.Index(fields=["person", "-published_at", "-article"], name="credit_person_list"),
            # A person's translations alone (``translated_by``): asked of a busy writer, the
            # walk above would read every one of their bylines' credits to find none.
            models.Index(
                fields=["person", "-published_at", "-article"],
                name="credit_translation_list",
                condition=models.Q(translated=True),
            ),
        ]

    def __str__(self):
        return f"credit of person {self.person_id} on article {self.article_id}"


# Front-page curation: placements of articles on each front (a module of its own).
from newsdesk.content.cards import ArticleCard  # noqa: E402, F401
from newsdesk.content.curation import FrontSlot  # noqa: E402, F401
