"""The newsroom home (``admin:index``): the first screen shows each person their work.

A writer sees what came back to her with the editor's note, her drafts, what she sent for
review, her scheduled and recently published stories; a translator the translations
assigned to her first; an editor what awaits review, the translations requested and
outdated, everything scheduled and recently published. Each list is bounded, sorted by
what needs doing (newest activity first, the schedule soonest first) with the primary key
as the tie-breaker, so that SQLite and PostgreSQL give the same order. Who sees what is
roles.py's: a writer's lists hold her own articles only.

Below the lists (beside them on a wide screen) stays Django's list of everything, where
Admins find accounts and groups.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, OuterRef, Q, Subquery, Sum, TextField, Value
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsdesk.content.models import Article
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import AuditEntry, ReviewNote, TranslationTask
from newsdesk.trending.models import HourlyReads

Status = Article.Status

# Items per list; the rest are a "See all" link away.
LIMIT = 10
# How far back "Recently published" goes.
RECENT_DAYS = 7
READS_WINDOW = timedelta(hours=24)
BODIES = ("standfirst", "body", "body_html")


@dataclass
class Item:
    """One line of a list: an article, the time that sorts it, and what to say about it."""

    article: Article
    when: datetime | None
    when_label: str
    details: list[str] = field(default_factory=list)
    # The editor's note on a returned article, who wrote it and when.
    note: str = ""
    note_by: str = ""
    # A second link (the translation desk), as (label, url).
    extra_link: tuple[str, str] | None = None

    @property
    def url(self) -> str:
        return reverse("admin:content_article_change", args=[self.article.pk])


@dataclass
class WorkList:
    key: str  # the section's id on the page, for links to it
    title: str
    items: list[Item]
    total: int
    empty: str
    more_url: str = ""

    @property
    def more(self) -> bool:
        return bool(self.more_url) and self.total > len(self.items)


def _bounded(queryset) -> tuple[list, int]:
    """The first LIMIT rows and how many there are, counting only when there are more."""
    rows = list(queryset[: LIMIT + 1])
    if len(rows) <= LIMIT:
        return rows, len(rows)
    return rows[:LIMIT], queryset.count()


def _articles_url(**filters) -> str:
    url = reverse("admin:content_article_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# Whose work an article is ----------------------------------------------------------


def _owned(user) -> Q:
    """This person's own work: the translations assigned to her, and the articles she
    created, except translations she requested for someone else."""
    return Q(translation_task__translator=user) | Q(
        created_by=user, translation_task__translator__isnull=True
    )


def _scope(user, *, everyone: bool):
    """Articles for one of ``user``'s lists: all of them for an editor's ``everyone`` lists,
    otherwise her own; never more than roles.visible_articles() lets her open."""
    # The lists show headlines, never the bodies.
    visible = roles.visible_articles(user, Article.objects.defer(*BODIES))
    if everyone and roles.is_editor(user):
        return visible
    return visible.filter(pk__in=roles.own_articles(user)).filter(_owned(user))


def _moves(article_ref: str):
    """Status moves in the audit log of the article ``article_ref`` names, latest first."""
    return (
        AuditEntry.objects.exclude(from_status="")
        .filter(article=OuterRef(article_ref))
        .order_by("-at", "-pk")
    )


def with_last_move(queryset, article_ref: str = "pk"):
    """Annotate ``last_move``: the action of each article's latest status change."""
    return queryset.annotate(last_move=Subquery(_moves(article_ref).values("action")[:1]))


def returned(queryset):
    """Those of ``queryset`` (articles) whose latest status change was a return to the
    writer, with ``returned_at``, ``returned_by`` (a name) and the editor's latest
    ``note`` since (the note of the return unless she wrote another)."""
    returns = AuditEntry.objects.filter(
        article=OuterRef("pk"), action=AuditEntry.Action.RETURNED
    ).order_by("-at", "-pk")
    notes = ReviewNote.objects.filter(
        article=OuterRef("pk"),
        author=OuterRef("returned_by_id"),
        created_at__gte=OuterRef("returned_at"),
    ).order_by("-created_at", "-pk")
    return (
        with_last_move(queryset.filter(status=Status.DRAFT))
        .filter(last_move=AuditEntry.Action.RETURNED)
        .annotate(
            returned_at=Subquery(returns.values("at")[:1]),
            returned_by=Subquery(returns.values("actor_name")[:1]),
            returned_by_id=Subquery(returns.values("actor")[:1]),
            return_detail=Subquery(returns.values("detail")[:1]),
        )
        .annotate(
            note=Coalesce(
                Subquery(notes.values("text")[:1]), F("return_detail"), output_field=TextField()
            )
        )
        .order_by(F("returned_at").desc(nulls_last=True), "-pk")
    )


def not_returned(queryset, article_ref: str = "pk"):
    """Those of ``queryset`` whose latest status change (if any) was not a return."""
    return with_last_move(queryset, article_ref).filter(
        Q(last_move__isnull=True) | ~Q(last_move=AuditEntry.Action.RETURNED)
    )


def with_recent_reads(queryset, now: datetime):
    """Annotate ``recent_reads``: each article's reads in the last 24 hours (HourlyReads,
    whose hours are counted from their start: the current one and the 23 before it)."""
    hours = (
        HourlyReads.objects.filter(article=OuterRef("pk"), hour__gt=now - READS_WINDOW)
        .values("article")
        .annotate(total=Sum("reads"))
        .values("total")
    )
    return queryset.annotate(recent_reads=Coalesce(Subquery(hours), Value(0)))


def translation_tasks(user, *, everyone: bool):
    tasks = TranslationTask.objects.select_related(
        "translation", "translation__translation_of", "translator"
    ).defer(
        *(f"translation__{name}" for name in BODIES),
        *(f"translation__translation_of__{name}" for name in BODIES),
    )
    if not (everyone and roles.is_editor(user)):
        tasks = tasks.filter(translator=user)
    return tasks


# The lists ------------------------------------------------------------------------


def _returned_list(user) -> WorkList:
    rows, total = _bounded(returned(_scope(user, everyone=False)))
    items = [
        Item(
            article,
            article.returned_at,
            _("returned"),
            [_("by %(name)s") % {"name": article.returned_by}] if article.returned_by else [],
            note=article.note or "",
            note_by=article.returned_by or "",
        )
        for article in rows
    ]
    return WorkList(
        "returned",
        _("Returned to me"),
        items,
        total,
        _("Nothing has come back to you."),
        _articles_url(status__exact=Status.DRAFT),
    )


def _drafts_list(user) -> WorkList:
    drafts = (
        not_returned(_scope(user, everyone=False).filter(status=Status.DRAFT))
        # A translation requested for someone is in the translation lists.
        .filter(Q(translation_task__isnull=True) | Q(translation_task__requested_by__isnull=True))
        .order_by("-updated_at", "-pk")
    )
    rows, total = _bounded(drafts)
    return WorkList(
        "drafts",
        _("My drafts"),
        [Item(article, article.updated_at, _("last saved")) for article in rows],
        total,
        _("No drafts."),
        _articles_url(status__exact=Status.DRAFT),
    )


def _review_list(user, *, everyone: bool) -> WorkList:
    waiting = (
        _scope(user, everyone=everyone)
        .filter(status=Status.REVIEW)
        .select_related("created_by")
        .order_by("-updated_at", "-pk")
    )
    rows, total = _bounded(waiting)
    items = [
        Item(
            article,
            article.updated_at,
            _("last saved"),
            [_("by %(name)s") % {"name": _name(article.created_by)}] if article.created_by else [],
        )
        for article in rows
    ]
    if everyone:
        title, empty = _("Awaiting review"), _("Nothing awaits review.")
    else:
        title, empty = _("Sent for review"), _("Nothing of yours is in review.")
    key = "review" if everyone else "sent"
    return WorkList(key, title, items, total, empty, _articles_url(status__exact=Status.REVIEW))


def _scheduled_list(user) -> WorkList:
    scheduled = (
        _scope(user, everyone=True)
        .filter(status=Status.SCHEDULED)
        .order_by(F("published_at").asc(nulls_last=True), "-pk")
    )
    rows, total = _bounded(scheduled)
    return WorkList(
        "scheduled",
        _("Scheduled"),
        [Item(article, article.published_at, _("publishes")) for article in rows],
        total,
        _("Nothing is scheduled."),
        _articles_url(status__exact=Status.SCHEDULED),
    )


def _task_item(task: TranslationTask, when, when_label, details) -> Item:
    desk = reverse("admin:newsroom_translate", args=[task.translation_id])
    original = task.translation.translation_of
    if original is not None:
        details = [_("from %(language)s") % {"language": original.get_language_display()}, *details]
    return Item(
        task.translation,
        when,
        when_label,
        details,
        extra_link=(_("Translate side by side"), desk),
    )


def _translator_detail(task: TranslationTask) -> str:
    if task.translator is None:
        return _("no translator yet")
    return _("translator: %(name)s") % {"name": _name(task.translator)}


def _assigned_list(user) -> WorkList:
    tasks = (
        not_returned(translation_tasks(user, everyone=False), "translation_id")
        .filter(translation__status=Status.DRAFT)
        .order_by("-requested_at", "-pk")
    )
    rows, total = _bounded(tasks)
    items = [
        _task_item(
            task,
            task.requested_at,
            _("requested"),
            [_("the original changed since")] if task.outdated else [],
        )
        for task in rows
    ]
    return WorkList(
        "translations-assigned",
        _("Translations assigned to me"),
        items,
        total,
        _("No translations assigned to you."),
        _articles_url(translation="mine"),
    )


def _requested_list(user) -> WorkList:
    tasks = (
        translation_tasks(user, everyone=True)
        .unfinished()
        .filter(Q(requested_by__isnull=False) | Q(translator__isnull=True))
        .order_by("-requested_at", "-pk")
    )
    rows, total = _bounded(tasks)
    items = [
        _task_item(task, task.requested_at, _("requested"), [_translator_detail(task)])
        for task in rows
    ]
    return WorkList(
        "translations-requested",
        _("Translations requested"),
        items,
        total,
        _("No translations are waiting."),
        reverse("admin:newsroom_translationtask_changelist"),
    )


def _outdated_list(user) -> WorkList:
    # When the original changed, as the task keeps it: ordering by the original's last
    # save read every outdated translation and its original.
    tasks = (
        translation_tasks(user, everyone=True).filter(outdated=True).order_by("-outdated_at", "-pk")
    )
    rows, total = _bounded(tasks)
    items = [
        _task_item(task, task.outdated_at, _("original changed"), [_translator_detail(task)])
        for task in rows
    ]
    return WorkList(
        "translations-outdated",
        _("Outdated translations"),
        items,
        total,
        _("Every translation follows its original."),
        _articles_url(translation="outdated"),
    )


def _published_list(user, now: datetime) -> WorkList:
    published = with_recent_reads(
        _scope(user, everyone=True)
        .published()
        .filter(published_at__gte=now - timedelta(days=RECENT_DAYS)),
        now,
    ).order_by(F("published_at").desc(nulls_last=True), "-pk")
    rows, total = _bounded(published)
    items = [
        Item(
            article,
            article.published_at,
            _("published"),
            [
                ngettext(
                    "%(count)d read in the last 24 hours",
                    "%(count)d reads in the last 24 hours",
                    article.recent_reads,
                )
                % {"count": article.recent_reads}
            ],
        )
        for article in rows
    ]
    return WorkList(
        "published",
        _("Recently published"),
        items,
        total,
        _("Nothing published in the last %(days)d days.") % {"days": RECENT_DAYS},
        _articles_url(status__exact=Status.PUBLISHED),
    )


def is_translator(user) -> bool:
    """Translates, without editing everything: her assignments come first."""
    return (
        user.is_active
        and user.has_perm("newsroom.view_translationtask")
        and not roles.is_editor(user)
    )


def work_lists(user, now: datetime | None = None) -> list[WorkList]:
    """``user``'s lists, in the order her work needs doing."""
    now = now or timezone.now()
    editor = roles.is_editor(user)
    writer = roles.can_create(user)
    translator = is_translator(user)
    lists = []
    if translator:
        lists.append(_assigned_list(user))
    if writer or translator:
        back = _returned_list(user)
        # An editor's own work rarely comes back: her list only when something did.
        if back.items or not editor:
            lists.append(back)
    if editor:
        lists.append(_review_list(user, everyone=True))
    if writer:
        lists.append(_drafts_list(user))
    if writer and not editor:
        lists.append(_review_list(user, everyone=False))
    if editor:
        lists.append(_requested_list(user))
    if editor or translator:
        lists.append(_outdated_list(user))
    lists.append(_scheduled_list(user))
    lists.append(_published_list(user, now))
    return lists


def index(site, request, extra_context=None):
    """The home page: the work lists, and the admin's list of everything beside them."""
    context = site.each_context(request)
    context.update(
        {
            "title": _("Your work"),
            "subtitle": None,
            "app_list": context["available_apps"],
            "work_lists": work_lists(request.user),
            "may_write": roles.can_create(request.user),
            **(extra_context or {}),
        }
    )
    request.current_app = site.name
    return TemplateResponse(request, "newsroom/home.html", context)


# The navigation bar ---------------------------------------------------------------


def nav_links(user) -> list:
    """ "Home", and a count of what waits for this person: for an editor the articles in
    review, for a writer what came back to her, for a translator her translations to do
    (assigned drafts and outdated ones). One count query."""
    # Imported here: the navigation's module imports this one.
    from newsdesk.newsroom.templatetags.newsroom_nav import NavLink

    home = reverse("admin:index")
    links = [NavLink(_("Home"), home)]
    if roles.is_editor(user):
        waiting = Article.objects.filter(status=Status.REVIEW).count()
        links.append(
            NavLink(_("Awaiting review"), _articles_url(status__exact=Status.REVIEW), waiting)
        )
    elif is_translator(user):
        mine = (
            TranslationTask.objects.filter(translator=user)
            .filter(Q(translation__status=Status.DRAFT) | Q(outdated=True))
            .count()
        )
        links.append(NavLink(_("My translations"), _articles_url(translation="mine"), mine))
    elif roles.can_create(user):
        back = returned(_scope(user, everyone=False)).count()
        links.append(NavLink(_("Returned to me"), f"{home}#returned", back))
    return links
