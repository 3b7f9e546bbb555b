"""The readership dashboard in the admin, for editors: what was read, in which language
and section, which articles most, and which sites sent readers.

It takes the place of the DailyReads change list ("Readership" on the admin index): the
counts are made by readers, so nobody adds, edits or deletes them here. Who may see it is
the model's view permission, which only editors' and admins' groups hold.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from newsdesk.content.models import Article
from newsdesk.trending import dashboard
from newsdesk.trending.charts import Chart, Line
from newsdesk.trending.models import DailyReads

DAYS = 30
WEEK = 7
TOP_ARTICLES = 10
PICKABLE_ARTICLES = 100


@admin.register(DailyReads)
class ReadershipAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Nothing here deletes counts. But deleting an article deletes its counts too,
        # and the admin asks this about each of them before it lets anyone delete it.
        return obj is not None and request.user.has_perm("content.delete_article")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        return [path("", self.admin_site.admin_view(self.changelist_view), name=name)]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = dashboard.utc_today()
        article, article_error = _chosen_article(request.GET.get("article"))
        pickable = dashboard.top_articles(
            today - timedelta(days=DAYS - 1), today, PICKABLE_ARTICLES
        )
        if article is not None and article.pk not in {a.pk for a in pickable}:
            pickable.append(article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Readership"),
            "days": DAYS,
            "today": today,
            "charts": _charts(today),
            "article": article,
            "article_chart": _article_chart(article, today) if article else None,
            "article_error": article_error,
            "pickable": pickable,
            "top_lists": [
                (_("Most read today"), dashboard.top_articles(today, today, TOP_ARTICLES)),
                (
                    _("Most read in the last %(n)d days") % {"n": WEEK},
                    dashboard.top_articles(today - timedelta(days=WEEK - 1), today, TOP_ARTICLES),
                ),
            ],
            "referrers": dashboard.top_referrers(DAYS, today=today),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "trending/dashboard.html", context)


def _chosen_article(value: str | None) -> tuple[Article | None, str]:
    """The article of ``?article=<id>``, or None and why not."""
    if not value:
        return None, ""
    try:
        return Article.objects.defer("body", "body_html").get(pk=int(value)), ""
    except (ValueError, Article.DoesNotExist):
        return None, _("There is no article number “%(value)s”.") % {"value": value[:20]}


def _charts(today) -> list[Chart]:
    names = dict(settings.LANGUAGES)
    by_language = dashboard.reads_per_day_by_language(DAYS, today)
    by_section = dashboard.reads_per_day_by_section(DAYS, today=today)
    charts = [
        Chart(
            "total",
            _("All reads"),
            [Line(_("All articles"), dashboard.reads_per_day(DAYS, today=today))],
        ),
        Chart(
            "languages",
            _("Reads by language"),
            [Line(str(names.get(code, code)), series) for code, series in by_language.items()],
        ),
    ]
    if by_section:
        charts.append(
            Chart(
                "sections",
                _("Reads in the %(n)d most read sections") % {"n": len(by_section)},
                [Line(section.name, series) for section, series in by_section],
            )
        )
    return charts


def _article_chart(article: Article, today) -> Chart:
    return Chart(
        "article",
        _("Reads of “%(headline)s”") % {"headline": article.headline},
        [Line(_("This article"), dashboard.reads_per_day(DAYS, article=article, today=today))],
    )
