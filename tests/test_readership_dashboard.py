"""The readership dashboard: its queries, its SVG charts, and the admin page editors see."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.urls import reverse

from newsdesk.content.models import Article
from newsdesk.trending import charts, dashboard
from newsdesk.trending.models import DailyReads, ReferrerReads
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2024, 3, 30)
DASHBOARD = "/admin/trending/dailyreads/"


def reads(article, day, n):
    return DailyReads.objects.create(article=article, day=day, reads=n)


# The queries ----------------------------------------------------------------------------


def test_reads_per_day_has_every_day_and_zero_for_days_nobody_read():
    article = make_article()
    reads(article, TODAY, 5)
    reads(article, TODAY - timedelta(days=2), 3)
    reads(article, TODAY - timedelta(days=30), 99)  # a day too early
    series = dashboard.reads_per_day(30, today=TODAY)
    assert [day for day, _n in series] == [TODAY - timedelta(days=n) for n in range(29, -1, -1)]
    assert series[-1] == (TODAY, 5)
    assert series[-2] == (TODAY - timedelta(days=1), 0)
    assert series[-3] == (TODAY - timedelta(days=2), 3)
    assert sum(n for _day, n in series) == 8


def test_reads_per_day_adds_up_the_articles_of_each_day():
    reads(make_article(), TODAY, 5)
    reads(make_article(), TODAY, 7)
    assert dashboard.reads_per_day(3, today=TODAY)[-1] == (TODAY, 12)


def test_reads_per_day_of_one_language_section_or_article():
    business = make_section(name="Business")
    english = make_article(section=business)
    chinese = make_article(language="zh-hans")
    reads(english, TODAY, 5)
    reads(chinese, TODAY, 7)
    assert dashboard.reads_per_day(1, language="en", today=TODAY) == [(TODAY, 5)]
    assert dashboard.reads_per_day(1, language="zh-hans", today=TODAY) == [(TODAY, 7)]
    assert dashboard.reads_per_day(1, section=business, today=TODAY) == [(TODAY, 5)]
    assert dashboard.reads_per_day(1, article=chinese, today=TODAY) == [(TODAY, 7)]
    assert dashboard.reads_per_day(1, article=chinese.pk, today=TODAY) == [(TODAY, 7)]


def test_reads_by_language_has_a_zero_filled_series_for_every_language():
    reads(make_article(), TODAY, 5)
    reads(make_article(), TODAY - timedelta(days=1), 2)
    by_language = dashboard.reads_per_day_by_language(3, today=TODAY)
    assert list(by_language) == ["en", "zh-hans"]
    assert [n for _day, n in by_language["en"]] == [0, 2, 5]
    assert [n for _day, n in by_language["zh-hans"]] == [0, 0, 0]


def test_reads_by_section_keeps_the_most_read_sections_most_read_first():
    quiet, busy, busiest = (make_section(name=name) for name in ["Quiet", "Busy", "Busiest"])
    reads(make_article(section=quiet), TODAY, 1)
    reads(make_article(section=busy), TODAY, 10)
    reads(make_article(section=busiest), TODAY, 6)
    reads(make_article(section=busiest), TODAY - timedelta(days=1), 6)
    by_section = dashboard.reads_per_day_by_section(2, limit=2, today=TODAY)
    assert [section for section, _series in by_section] == [busiest, busy]
    assert by_section[0][1] == [(TODAY - timedelta(days=1), 6), (TODAY, 6)]
    assert by_section[1][1] == [(TODAY - timedelta(days=1), 0), (TODAY, 10)]


def test_top_articles_are_the_most_read_in_the_period_most_first():
    old_favourite, today_hit, steady = make_article(), make_article(), make_article()
    reads(old_favourite, TODAY - timedelta(days=10), 1000)
    reads(today_hit, TODAY, 50)
    reads(steady, TODAY, 20)
    reads(steady, TODAY - timedelta(days=3), 40)
    today = dashboard.top_articles(TODAY, TODAY)
    assert [(a, a.reads) for a in today] == [(today_hit, 50), (steady, 20)]
    week = dashboard.top_articles(TODAY - timedelta(days=6), TODAY)
    assert [(a, a.reads) for a in week] == [(steady, 60), (today_hit, 50)]
    assert dashboard.top_articles(TODAY - timedelta(days=6), TODAY, limit=1) == [steady]


def test_top_referrers_are_domains_with_their_reads_most_first():
    ReferrerReads.objects.create(day=TODAY, domain="search.example", reads=3)
    ReferrerReads.objects.create(day=TODAY - timedelta(days=1), domain="search.example", reads=4)
    ReferrerReads.objects.create(day=TODAY, domain="social.example", reads=5)
    ReferrerReads.objects.create(day=TODAY - timedelta(days=30), domain="old.example", reads=50)
    for n in range(25):
        ReferrerReads.objects.create(day=TODAY, domain=f"blog{n:02d}.example", reads=1)
    referrers = dashboard.top_referrers(30, today=TODAY)
    assert referrers[:2] == [("search.example", 7), ("social.example", 5)]
    assert len(referrers) == 20
    assert "old.example" not in dict(referrers)


# The charts -----------------------------------------------------------------------------


def week_of(*counts):
    start = TODAY - timedelta(days=len(counts) - 1)
    return [(start + timedelta(days=i), n) for i, n in enumerate(counts)]


def draw(lines, title="Reads by language"):
    return ET.fromstring(charts.line_chart(title, lines, chart_id="test"))


def texts(svg):
    return [t.text for t in svg.iter(f"{SVG}text")]


def test_a_chart_is_an_svg_image_with_a_title_and_a_summary():
    svg = draw([charts.Line("English", week_of(1, 2, 3))])
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Reads by language"
    labelled_by = {e.get("id") for e in svg.iter() if e.get("id")}
    assert set(svg.get("aria-labelledby").split()) == labelled_by == {"test-title", "test-desc"}
    assert "English: 6 in all" in svg.find(f"{SVG}desc").text


def test_a_chart_draws_one_line_per_series_with_a_legend():
    lines = [charts.Line("English", week_of(1, 2, 3)), charts.Line("简体中文", week_of(0, 4, 1))]
    svg = draw(lines)
    polylines = list(svg.iter(f"{SVG}polyline"))
    assert len(polylines) == 2
    assert len({p.get("stroke") for p in polylines}) == 2
    assert all(len(p.get("points").split()) == 3 for p in polylines)
    legend = svg.find(f"{SVG}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["English", "简体中文"]


def test_a_chart_runs_from_zero_at_the_bottom_to_the_highest_count_at_the_top():
    svg = draw([charts.Line("All", week_of(0, 1200, 300))])
    ys = [
        float(point.split(",")[1]) for point in svg.find(f".//{SVG}polyline").get("points").split()
    ]
    top = charts.MARGIN_TOP
    bottom = charts.MARGIN_TOP + charts.PLOT_HEIGHT
    assert ys == [bottom, top, bottom - charts.PLOT_HEIGHT * 300 / 1200]


def test_a_chart_labels_its_axes_with_dates_and_counts():
    svg = draw([charts.Line("All", week_of(0, 1200, 300))])
    labels = texts(svg)
    assert "0" in labels and "1,200" in labels
    assert "March 30" in labels and "March 28" in labels
    assert "Reads" in labels and "Day (UTC)" in labels


def test_a_chart_of_no_reads_is_still_drawn():
    svg = draw([charts.Line("All", week_of(0, 0, 0))])
    assert "0" in texts(svg)
    assert len(list(svg.iter(f"{SVG}polyline"))) == 1


def test_a_chart_escapes_its_labels():
    svg = draw([charts.Line("<Tom & Jerry>", week_of(1))], title='Reads of "<b>"')
    assert svg.find(f"{SVG}title").text == 'Reads of "<b>"'
    assert "<Tom & Jerry>" in texts(svg)


def test_y_ticks_are_round_steps_up_to_the_highest_count():
    assert charts.y_ticks(0) == [0]
    assert charts.y_ticks(1200) == [0, 200, 400, 600, 800, 1000, 1200]
    assert charts.y_ticks(3) == [0, 1, 2, 3]
    assert charts.y_ticks(81) == [0, 20, 40, 60, 81]


def test_x_ticks_label_today_and_every_week_before():
    assert charts.x_ticks(30) == [1, 8, 15, 22, 29]
    assert charts.x_ticks(3) == [0, 1, 2]


# The page -------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def read_newsroom():
    """Today's most read article, a Chinese one, and a referring site."""
    today = dashboard.utc_today()
    hit = make_article(headline="Ferry strike ends", section=make_section(name="Harbour"))
    chinese = make_article(headline="渡轮罢工结束", language="zh-hans")
    reads(hit, today, 120)
    reads(chinese, today - timedelta(days=3), 40)
    ReferrerReads.objects.create(day=today, domain="news.example.org", reads=17)
    return hit, chinese


def test_editor_sees_charts_top_articles_and_referrers(editor_client, read_newsroom):
    hit, _chinese = read_newsroom
    response = editor_client.get(DASHBOARD)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 3  # all reads, by language, by section
    assert "Reads by language" in page and "Harbour" in page
    assert "Ferry strike ends" in page and "渡轮罢工结束" in page
    assert reverse("admin:content_article_change", args=[hit.pk]) in page
    assert hit.get_absolute_url() in page
    assert f"?article={hit.pk}" in page
    assert "news.example.org" in page and ">17<" in page
    assert page.count("<details>") == 3
    assert "<script" not in page.split('id="content-main"')[1]


def test_the_page_renders_with_no_reads_at_all(editor_client):
    response = editor_client.get(DASHBOARD)
    assert response.status_code == 200
    assert "No reads counted yet." in response.content.decode()


@pytest.mark.parametrize("index", ["/admin/", "/admin/trending/"])
def test_readership_is_on_the_admin_index_for_editors(editor_client, index):
    page = editor_client.get(index).content.decode()
    assert f'href="{DASHBOARD}"' in page and "Readership" in page


def test_editor_sees_the_reads_of_a_chosen_article(editor_client, read_newsroom):
    hit, _chinese = read_newsroom
    page = editor_client.get(DASHBOARD, {"article": hit.pk}).content.decode()
    assert "Reads of “Ferry strike ends”" in page
    assert f'<option value="{hit.pk}" selected>' in page
    assert page.count('role="img"') == 4


def test_an_unread_article_can_be_chosen(editor_client):
    unread = make_article(headline="Nobody read this")
    page = editor_client.get(DASHBOARD, {"article": unread.pk}).content.decode()
    assert "Reads of “Nobody read this”" in page
    assert f'<option value="{unread.pk}" selected>' in page


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1.5", "9" * 30])
def test_a_bad_article_number_is_explained_not_an_error(editor_client, value):
    response = editor_client.get(DASHBOARD, {"article": value})
    assert response.status_code == 200
    assert f"There is no article number “{value[:20]}”" in response.content.decode()


@pytest.mark.parametrize("role", ["writer", "translator"])
def test_writers_and_translators_cannot_see_readership(client, request, role, read_newsroom):
    client.force_login(request.getfixturevalue(role))
    assert client.get(DASHBOARD).status_code == 403
    assert DASHBOARD not in client.get("/admin/").content.decode()


def test_readers_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", ["add/", "1/change/", "1/delete/", "1/history/"])
def test_counts_cannot_be_added_changed_or_deleted(editor_client, read_newsroom, url):
    assert editor_client.get(DASHBOARD + url).status_code == 404


def test_an_editor_can_still_delete_an_article_that_was_read(editor_client, read_newsroom):
    hit, _chinese = read_newsroom
    url = reverse("admin:content_article_delete", args=[hit.pk])
    confirm = editor_client.get(url).content.decode()
    assert "permission to delete" not in confirm
    editor_client.post(url, {"post": "yes"})
    assert not Article.objects.filter(pk=hit.pk).exists()
    assert not DailyReads.objects.filter(article_id=hit.pk).exists()


def test_the_page_takes_the_same_few_queries_however_many_articles_were_read(
    editor_client, django_assert_max_num_queries
):
    today = dashboard.utc_today()
    for n in range(15):
        article = make_article(section=make_section())
        for day in range(10):
            reads(article, today - timedelta(days=day), n + day)
    # 15 with the check that the editor has not enrolled an authenticator (twofactor.py),
    # and two for the navigation's counts: articles awaiting review (home.py) and unread
    # notifications (notifications.py).
    with django_assert_max_num_queries(17):
        assert editor_client.get(DASHBOARD, {"article": article.pk}).status_code == 200
