"""Text dumps of many page layouts, field by field: headline, authors, date, section,
source line and bio.

Each case is a small dump written for these tests (invented outlets and people) with the
furniture real scrapes keep above the headline: navigation rows, app prompts, share rows,
date-only lines. ``field_accuracy`` scores the parser on the whole table (run this file as
a script to print it).
"""

import sys

import pytest
from django.core.management import call_command

from newsdesk.content.models import Article
from newsdesk.imports.textdump import parse_text_dump
from tests.factories import make_section

BODY_EN = (
    "The harbour board met on Tuesday and agreed to keep the ferry running all winter.\n\n"
    "Skippers said the decision would keep the island's school open for another year."
)
BODY_ZH = "港务局周二开会，决定冬季继续开行渡轮。\n\n船长们表示，这一决定将让岛上的学校再开一年。"


def case(name, text, title, authors=(), date="", section="", source="", bio=""):
    expected = {
        "title": title,
        "authors": list(authors),
        "date": date,
        "section": section,
        "source": source,
        "bio": bio,
    }
    return pytest.param(text, expected, id=name)


CASES = [
    case(
        "navigation-row-above-headline",
        "Video | Culture | Live | Sport\n\nFerry to run all winter\n\nBy Ana Lima\n\n"
        f"3 May 2025\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
    ),
    case(
        "app-prompt-above-headline",
        "Read this story in the Harbour Times app\n\nFerry to run all winter\n\n"
        f"By Ana Lima and Tom Reyes\n\nMay 3, 2025\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima", "Tom Reyes"],
        "2025-05-03",
    ),
    case(
        "menu-words-share-row-advertisement",
        "Menu\n\nSearch\n\nSign in\n\nSubscribe\n\nAdvertisement\n\nShare | Tweet | Email\n\n"
        f"Open in app\n\nFerry to run all winter\n\nBy Ana Lima\n\n2025-05-03\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
    ),
    case(
        "all-caps-section-label-and-date-only-line",
        "BUSINESS\n\nSaturday, 3 May 2025\n\nDownload the app\n\nFerry to run all winter\n\n"
        f"Ana Lima, Staff writer\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
        "BUSINESS",
    ),
    case(
        "author-source-date-pipe-byline",
        f"Ferry to run all winter\n\nAna Lima | Harbour Times | 3 May 2025\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
        source="Harbour Times",
    ),
    case(
        "name-comma-role-byline-and-bio",
        f"Ferry to run all winter\n\nAna Lima, Staff writer\n\n2025-05-03\n\n{BODY_EN}\n\n"
        "Ana Lima is a staff writer covering the islands.",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
        bio="Ana Lima is a staff writer covering the islands.",
    ),
    case(
        "portal-author-source-date",
        "Home | News | Business | Sport\n\nFerry to run all winter\n\n"
        f"Author: Ana Lima  Source: Harbour Times  Date: 2025-05-03\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
        source="Harbour Times",
    ),
    case(
        "reporter-label-section-line-source-line",
        "Section: Business\n\nFerry to run all winter\n\nReporter: Tom Reyes\n\n"
        f"Published: 3 May 2025\n\n{BODY_EN}\n\nSource: Harbour Times",
        "Ferry to run all winter",
        ["Tom Reyes"],
        "2025-05-03",
        "Business",
        "Harbour Times",
    ),
    case(
        "section-line-under-headline",
        f"Ferry to run all winter\n\nSection: Business\n\nBy Ana Lima\n\n2025-05-03\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
        "Business",
    ),
    case(
        "kicker-headline-still-split",
        f"Opinion | Why the ferry matters\n\nBy Ana Lima\n\n3 May 2025\n\n{BODY_EN}",
        "Why the ferry matters",
        ["Ana Lima"],
        "2025-05-03",
    ),
    case(
        "chinese-navigation-row-and-app-prompt",
        "首页 · 新闻 · 财经 · 体育 · 视频\n\n打开澜湾日报App阅读全文\n\n渡轮冬季照常运行\n\n"
        f"文/王晓 记者\n\n2025年5月3日\n\n{BODY_ZH}",
        "渡轮冬季照常运行",
        ["王晓"],
        "2025-05-03",
    ),
    case(
        "chinese-portal-author-source-time",
        "新闻 | 财经 | 科技 | 视频\n\n渡轮冬季照常运行\n\n"
        f"作者：王晓  来源：澜湾日报  时间：2025-05-03 10:20\n\n{BODY_ZH}",
        "渡轮冬季照常运行",
        ["王晓"],
        "2025-05-03",
        source="澜湾日报",
    ),
    case(
        "chinese-section-and-source-lines",
        f"栏目：财经\n\n渡轮冬季照常运行\n\n记者 王晓 李明\n\n2025-05-03\n\n{BODY_ZH}\n\n"
        "来源：澜湾日报",
        "渡轮冬季照常运行",
        ["王晓", "李明"],
        "2025-05-03",
        "财经",
        "澜湾日报",
    ),
    case(
        "chinese-glued-portal-fields",
        f"渡轮冬季照常运行\n\n来源：澜湾日报 作者：王晓 发布时间：2025年5月3日\n\n{BODY_ZH}",
        "渡轮冬季照常运行",
        ["王晓"],
        "2025-05-03",
        source="澜湾日报",
    ),
    case(
        "date-only-and-time-lines-above-headline",
        "Updated 2 hours ago\n\n10:32 GMT\n\nFerry to run all winter\n\nBy Ana Lima\n\n"
        f"2025-05-03\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
    ),
    case(
        "slash-navigation-row-and-listen-prompt",
        "World / Europe / Business / Tech\n\nListen to this article\n\n"
        f"Ferry to run all winter\n\nWords: Ana Lima\n\n03/05/2025\n\n{BODY_EN}",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
    ),
    case(
        "plain-dump-unchanged",
        f"Ferry to run all winter\n\nBy Harbour writer Ana Lima\n\nWorld | 2025-05-03\n\n{BODY_EN}"
        "\n\n(HARBOUR TIMES)",
        "Ferry to run all winter",
        ["Ana Lima"],
        "2025-05-03",
        "World",
        "(HARBOUR TIMES)",
    ),
]


def fields(text: str) -> dict:
    article = parse_text_dump(text, source="test")
    return {
        "title": article.title,
        "authors": [credit.name for credit in article.authors],
        "date": article.published.isoformat()[:10] if article.published else "",
        "section": article.section,
        "source": article.source_line,
        "bio": article.bio,
    }


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dump_reads_as_expected_field_by_field(text, expected):
    assert fields(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Source: The ministry said on Tuesday that the ferry would keep running until March.",
        "Time: the skipper says it is what the islanders are always short of.",
        "Author: the harbour board, which has run the ferry since 1952.",
        "Date: to be confirmed once the harbour board has met again next week.",
        "Video, culture and live music filled the quay until well after midnight.",
    ],
)
def test_prose_that_starts_like_a_labelled_line_stays_in_the_body(line):
    article = parse_text_dump(f"Ferry to run all winter\n\n{line}\n\n{BODY_EN}", source="t")
    assert line in article.paragraphs
    assert not article.authors and not article.source_line and not article.section


def test_a_role_between_name_and_date_is_the_role_title():
    text = f"Ferry to run all winter\n\nAna Lima | Staff writer | 3 May 2025\n\n{BODY_EN}"
    article = parse_text_dump(text, source="t")
    assert [(c.name, c.role_title) for c in article.authors] == [("Ana Lima", "Staff writer")]
    assert article.source_line == ""


def test_labelled_section_wins_over_a_date_line_section():
    text = f"Ferry to run all winter\n\nWorld | 2025-05-03\n\n栏目：财经\n\n{BODY_EN}"
    assert parse_text_dump(text, source="t").section == "财经"


@pytest.mark.django_db
def test_a_section_line_is_matched_to_an_existing_section_by_its_translated_name(tmp_path):
    business = make_section(name="Business", translations={"zh-hans": {"name": "财经"}})
    path = tmp_path / "ferry.txt"
    path.write_text(f"栏目：财经\n\n渡轮冬季照常运行\n\n作者：王晓\n\n{BODY_ZH}", encoding="utf-8")
    call_command("import", str(path))
    assert Article.objects.get().section == business


def test_the_table_has_fifteen_or_more_cases():
    assert len(CASES) >= 15


def field_accuracy() -> dict[str, float]:
    """Share of cases where each field is right (an unreadable dump gets every field wrong)."""
    right = dict.fromkeys(["title", "authors", "date", "section", "source", "bio"], 0)
    for param in CASES:
        text, expected = param.values
        try:
            got = fields(text)
        except Exception:  # noqa: BLE001 - an unreadable dump scores zero
            continue
        for field in right:
            right[field] += got[field] == expected[field]
    return {field: round(count / len(CASES), 2) for field, count in right.items()}


if __name__ == "__main__":
    import django

    django.setup()
    print(field_accuracy(), file=sys.stdout)
