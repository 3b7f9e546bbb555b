"""Text dumps: our fixtures field by field, the reference page, and texts that are no article.

Each tests/fixtures/textdumps/NAME.txt is read and compared with NAME.json (the article's
``as_json()`` without "source"), one test per field, so a failure names both. The
reference page is read from ../shared at runtime: it belongs to its publisher and is never
copied here.
"""

import json
import re
from functools import cache
from pathlib import Path

import pytest

from newsdesk.imports.record import Unreadable
from newsdesk.imports.textdump import parse_text_dump

FIXTURES = Path(__file__).parent / "fixtures" / "textdumps"
DUMPS = sorted(FIXTURES.glob("*.txt"))
REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "apd-review-2018-06-06.txt"
)
BODY = "The harbour board met on Tuesday and agreed to keep the ferry running all winter."


@cache
def parsed(name: str):
    path = FIXTURES / name
    # Bytes, not read_text(): universal newlines would hide the Windows line endings.
    return parse_text_dump(path.read_bytes().decode("utf-8"), source=str(path))


def dump(*lines: str) -> str:
    return "\n\n".join(lines)


def fixture_fields():
    for path in DUMPS:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        for field, value in expected.items():
            yield pytest.param(path.name, field, value, id=f"{path.stem}:{field}")


# Our fixtures.


def test_there_are_fifteen_or_more_fixtures_each_with_its_expected_json():
    assert len(DUMPS) >= 15
    for path in DUMPS:
        assert path.with_suffix(".json").exists(), f"{path.name} has no expected .json"
    assert {p.stem for p in FIXTURES.glob("*.json")} == {p.stem for p in DUMPS}


def test_expected_json_holds_every_field_but_source():
    # How sure the language detector is, and its notes: test_import_language.py's.
    detector = {"language_confidence", "language_origin", "notes"}
    fields = set(parsed(DUMPS[0].name).as_json()) - {"source", *detector}
    for path in DUMPS:
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert set(expected) == fields, path.name


@pytest.mark.parametrize(("name", "field", "expected"), list(fixture_fields()))
def test_fixture_reads_as_its_expected_json(name, field, expected):
    assert parsed(name).as_json()[field] == expected


def test_every_fixture_is_a_text_import_with_a_source_key():
    for path in DUMPS:
        article = parsed(path.name)
        assert article.kind == "text"
        assert article.source == str(path)
        assert article.source_key.startswith("text:")


def test_windows_fixture_really_has_windows_line_endings():
    assert b"\r\n" in (FIXTURES / "14-windows-line-endings.txt").read_bytes()


def test_figures_stand_where_the_image_lines_stood():
    tags = [(block.tag, block.picture) for block in parsed("01-column-runon-and-clean.txt").blocks]
    assert tags[:4] == [("p", None), ("p", None), ("figure", 0), ("p", None)]
    tags = [block.tag for block in parsed("08-caption-without-image.txt").blocks]
    assert tags == ["p", "figure", "p", "figure", "p"]
    blocks = parsed("09-image-without-caption.txt").blocks
    assert [(b.tag, b.picture) for b in blocks if b.tag == "figure"] == [
        ("figure", 0),
        ("figure", 1),
    ]
    assert blocks[0].tag == "figure" and blocks[-1].tag == "figure"


def test_short_lines_between_paragraphs_are_subheadings():
    tags = [block.tag for block in parsed("15-subheadings.txt").blocks]
    assert tags == ["p", "h2", "p", "h2", "p", "h2", "p"]
    blocks = parsed("13-chinese.txt").blocks
    assert [b.html for b in blocks if b.tag == "h2"] == ["夜航的代价"]


def test_paragraph_html_is_escaped_text():
    blocks = parsed("02-plain-headline-pipe-date.txt").blocks
    assert blocks[1].tag == "p"
    assert "nine hours &amp; stops" in blocks[1].html
    assert "cost &lt;40 crowns" in blocks[1].html


def test_boilerplate_is_in_no_field():
    english = json.dumps(parsed("10-boilerplate.txt").as_json(), ensure_ascii=False)
    for furniture in [
        "cookie",
        "Accept",
        "Home >",
        "Share",
        "Facebook",
        "Twitter",
        "Advertisement",
        "Editor",
        "Jan Kovic",
        "Read more",
        "Related",
        "New cranes",
        "All rights reserved",
        "2024-02-13",
    ]:
        assert furniture not in english
    chinese = json.dumps(parsed("13-chinese.txt").as_json(), ensure_ascii=False)
    for furniture in ["下载", "客户端", "分享", "责任编辑", "王五", "热门推荐", "新渔市"]:
        assert furniture not in chinese


def test_source_key_is_the_date_and_the_title_slug():
    assert parsed("01-column-runon-and-clean.txt").source_key == (
        "text:2021-11-04:can-the-velmora-ferry-pact-survive-a-second-winter"
    )
    assert parsed("04-missing-date.txt").source_key == (
        "text:undated:keep-the-bridge-tolls-where-they-are"
    )
    assert parsed("13-chinese.txt").source_key == "text:2020-05-18:澜湾港夜间航班能否重启"


def test_whitespace_changes_keep_the_source_key_and_every_field():
    path = FIXTURES / "01-column-runon-and-clean.txt"
    text = path.read_text(encoding="utf-8")
    mangled = "\r\n\r\n  ".join(line.replace(" ", "  \t") for line in text.splitlines())
    again = parse_text_dump(mangled, source=str(path))
    assert again.source_key == parsed(path.name).source_key
    assert again.as_json() == parsed(path.name).as_json()


def test_windows_line_endings_read_like_unix_ones():
    for path in DUMPS:
        text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        windows = parse_text_dump(text.replace("\n", "\r\n"), source=str(path))
        assert windows.as_json() == parse_text_dump(text, source=str(path)).as_json()


# The reference page.


@pytest.fixture(scope="module")
def reference_text():
    if not REFERENCE.parent.exists():
        pytest.skip(f"no shared reference folder at {REFERENCE.parent} (shared/ is not beside it)")
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference(reference_text):
    return parse_text_dump(reference_text, source=str(REFERENCE))


def clean_copy(text: str) -> dict:
    """The reference page's clean copy, found by its own layout (not by our parser)."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line == "Translated by Deng Xianlai") + 1
    end = lines.index("(ASIA PACIFIC DAILY)")
    image_at = next(i for i in range(start, end) if lines[i].endswith(".jpg"))
    caption, bio = lines[image_at + 1], lines[end - 1]
    body = [line for line in lines[start:end] if line not in (lines[image_at], caption, bio)]
    return {"body": body, "caption": caption, "bio": bio}


def test_reference_headline_section_and_date(reference, reference_text):
    assert reference.kicker == "APD Review"
    headline = next(line for line in reference_text.splitlines() if " | " in line)
    assert reference.title == headline.split(" | ", 1)[1].strip()
    assert reference.title.endswith("?")
    assert reference.section == "Top News"
    assert reference.published.isoformat() == "2018-06-06"
    assert reference.language == "en"
    assert reference.status == "published"


def test_reference_credits(reference):
    assert [(c.name, c.role_title) for c in reference.authors] == [("Sun Chenghao", "APD writer")]
    assert [(c.name, c.role_title) for c in reference.translators] == [("Deng Xianlai", "")]


def test_reference_image_and_caption(reference, reference_text):
    assert len(reference.pictures) == 1
    picture = reference.pictures[0]
    assert picture.file_name == "AJLJ.jpg"
    assert picture.caption.startswith("JULY 7, 2017:")
    assert picture.caption == clean_copy(reference_text)["caption"]
    assert [b.picture for b in reference.blocks if b.tag == "figure"] == [0]


def test_reference_body_is_the_clean_copy_each_paragraph_once_in_order(reference, reference_text):
    expected = clean_copy(reference_text)["body"]
    assert len(expected) >= 10
    assert reference.paragraphs == expected
    for paragraph in expected:
        assert reference.paragraphs.count(paragraph) == 1
    assert all(block.tag in ("p", "figure") for block in reference.blocks)


def test_reference_bio_and_source_line(reference, reference_text):
    bio = clean_copy(reference_text)["bio"]
    assert bio.startswith("Sun Chenghao is an assistant research fellow")
    assert reference.bio == bio
    assert reference.authors[0].bio == bio
    assert reference.source_line == "(ASIA PACIFIC DAILY)"


def test_reference_boilerplate_and_run_on_copy_are_in_no_field(reference):
    everything = json.dumps(reference.as_json(), ensure_ascii=False)
    for furniture in ["download", "QR Code", "Hot Recommended", "ChenghaoTranslated", "XianlaiA"]:
        assert furniture not in everything
    assert max(len(paragraph) for paragraph in reference.paragraphs) < 1000


def test_reference_run_on_copy_alone_is_split_into_the_same_paragraphs(reference_text):
    lines = reference_text.splitlines()
    run_on = next(i for i, line in enumerate(lines) if len(line) > 2000)
    only_run_on = "\n".join(lines[: run_on + 1] + ["", "Hot Recommended"])
    article = parse_text_dump(only_run_on, source="run-on only")
    copy = clean_copy(reference_text)
    assert article.paragraphs == copy["body"]
    assert [(c.name, c.role_title) for c in article.authors] == [("Sun Chenghao", "APD writer")]
    assert [c.name for c in article.translators] == ["Deng Xianlai"]
    assert [(p.file_name, p.caption) for p in article.pictures] == [("", copy["caption"])]
    assert article.bio == copy["bio"]
    assert article.source_line == "(ASIA PACIFIC DAILY)"


# Lines of every shape, each in a small dump of its own.


@pytest.mark.parametrize(
    ("line", "section", "day"),
    [
        ("Top News2018-06-06", "Top News", "2018-06-06"),
        ("World | 2019-03-02", "World", "2019-03-02"),
        ("Business · March 2, 2019", "Business", "2019-03-02"),
        ("2 March 2019", "", "2019-03-02"),
        ("2019年3月2日", "", "2019-03-02"),
        ("国际2019年3月2日 星期六 10:30", "国际", "2019-03-02"),
        ("06/06/2018", "", "2018-06-06"),
        ("02/03/2019", "", "2019-03-02"),  # day first
        ("12/25/2019", "", "2019-12-25"),  # the second number cannot be a month
        ("2019/03/02", "", "2019-03-02"),
        ("Sept. 9, 2021", "", "2021-09-09"),
        ("Friday, March 2, 2019", "", "2019-03-02"),
        ("Published: 2019-03-02 14:30", "", "2019-03-02"),
        ("World | Updated: 2019-03-02T14:30:00Z", "World", "2019-03-02"),
        ("World | 2019-02-30", "World", None),  # a date's shape, but no such day
    ],
)
def test_date_line_gives_section_and_date(line, section, day):
    article = parse_text_dump(dump("A headline", line, BODY), source="t")
    assert (article.section, article.as_json()["date"]) == (section, day)
    assert article.paragraphs == [BODY]


def test_no_date_line_means_no_date():
    article = parse_text_dump(dump("A headline", "By Jan Novak", BODY), source="t")
    assert article.published is None
    assert article.source_key == "text:undated:a-headline"


@pytest.mark.parametrize(
    ("line", "kicker", "title"),
    [
        ("Harbour Review | Will it rain?", "Harbour Review", "Will it rain?"),
        ("Opinion｜Tax cuts for ferry crews", "Opinion", "Tax cuts for ferry crews"),
        ("观察丨澜湾港夜间航班能否重启？", "观察", "澜湾港夜间航班能否重启？"),
        (
            "Why the harbour festival moved to the old quay this year | Harbour Daily",
            "",
            "Why the harbour festival moved to the old quay this year",
        ),
        ("A headline without a kicker", "", "A headline without a kicker"),
    ],
)
def test_headline_line_gives_kicker_and_title(line, kicker, title):
    article = parse_text_dump(dump(line, BODY), source="t")
    assert (article.kicker, article.title) == (kicker, title)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Harbour writer Ilse Marrow", [("Ilse Marrow", "Harbour writer")]),
        ("By Staff writer Jan Novak", [("Jan Novak", "Staff writer")]),
        ("By Special correspondent Mira Kovač", [("Mira Kovač", "Special correspondent")]),
        ("By special envoy Mira Kovač", [("Mira Kovač", "special envoy")]),
        ("By Jan Novak", [("Jan Novak", "")]),
        ("BY JAN NOVAK", [("JAN NOVAK", "")]),
        ("By Ludwig van Berg", [("Ludwig van Berg", "")]),
        ("By Jan Novak in Port Velmora", [("Jan Novak", "")]),
        ("By Jan Novak, Staff Writer", [("Jan Novak", "Staff Writer")]),
        ("By Staff writer Ann Writer", [("Ann Writer", "Staff writer")]),
        ("Written by Jan Novak", [("Jan Novak", "")]),
        ("Author: Jan Novak", [("Jan Novak", "")]),
        ("By Ann Lee and Bo Chen", [("Ann Lee", ""), ("Bo Chen", "")]),
        ("By Ann Lee, Bo Chen and Cy Dunn", [("Ann Lee", ""), ("Bo Chen", ""), ("Cy Dunn", "")]),
        (
            "By Harbour writers Ann Lee and Bo Chen",
            [("Ann Lee", "Harbour writer"), ("Bo Chen", "Harbour writer")],
        ),
        ("By Harbour writer Ann Lee and Bo Chen", [("Ann Lee", "Harbour writer"), ("Bo Chen", "")]),
        ("记者 张三", [("张三", "记者")]),
        ("记者：张三", [("张三", "记者")]),
        ("本报记者 张三 李四", [("张三", "本报记者"), ("李四", "本报记者")]),
        ("作者：张三、李四", [("张三", ""), ("李四", "")]),
        ("文／张三", [("张三", "")]),
        ("文/张三", [("张三", "")]),
        ("记者 张三 李四 报道", [("张三", "记者"), ("李四", "记者")]),
        ("作者：本报记者 林晓岚", [("林晓岚", "本报记者")]),
        ("文／特约记者 张三、李四", [("张三", "特约记者"), ("李四", "特约记者")]),
        ("作者： Culture editor Chen Shuyi", [("Chen Shuyi", "Culture editor")]),
        ("作者：Ann Lee and Bo Chen", [("Ann Lee", ""), ("Bo Chen", "")]),
    ],
)
def test_byline_gives_authors_with_role_titles(line, authors):
    article = parse_text_dump(dump("A headline", line, BODY), source="t")
    assert [(c.name, c.role_title) for c in article.authors] == authors
    assert article.paragraphs == [BODY]


@pytest.mark.parametrize(
    "line",
    [
        "By the numbers",
        "By Tuesday evening, the council had voted to close the bridge.",
        "记者了解到，今年澜湾港客流增长一成。",
        "作者和读者都应该看到这一点。",
        "作者：见下方（简体中文）",
        "作者：the council said it would decide in spring.",
    ],
)
def test_sentences_that_start_like_bylines_stay_in_the_body(line):
    article = parse_text_dump(dump("A headline", BODY, line, BODY + " Again."), source="t")
    assert article.authors == []
    assert line in article.paragraphs


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Translated by Tomas Reyl", ["Tomas Reyl"]),
        ("Translator: Tomas Reyl", ["Tomas Reyl"]),
        ("Translators: Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Translated from Chinese by Ann Lee", ["Ann Lee"]),
        ("译者：陈默", ["陈默"]),
        ("翻译：陈默、白雪", ["陈默", "白雪"]),
        ("编译：孙可", ["孙可"]),
        ("译者：Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
    ],
)
def test_translator_line_gives_translators(line, names):
    article = parse_text_dump(dump("A headline", "By Jan Novak", line, BODY), source="t")
    assert [c.name for c in article.translators] == names
    assert [c.name for c in article.authors] == ["Jan Novak"]


def test_byline_glued_to_translator_and_body_is_taken_apart():
    glued = "By Harbour writer Ann LeeTranslated by Bo ChenThe ferry ran late again on Monday."
    article = parse_text_dump(dump("A headline", glued, BODY), source="t")
    assert [(c.name, c.role_title) for c in article.authors] == [("Ann Lee", "Harbour writer")]
    assert [c.name for c in article.translators] == ["Bo Chen"]
    assert article.paragraphs == ["The ferry ran late again on Monday.", BODY]


def test_photo_credit_line_goes_to_the_picture():
    text = dump("A headline", BODY, "quay.jpg", "The quay at dawn.", "(Photo: Harbour Daily)", BODY)
    article = parse_text_dump(text, source="t")
    assert [(p.file_name, p.caption, p.credit) for p in article.pictures] == [
        ("quay.jpg", "The quay at dawn.", "Harbour Daily")
    ]
    assert article.paragraphs == [BODY, BODY]  # the source says it twice, a picture apart


def test_paragraphs_the_source_repeats_are_kept_and_a_run_copied_twice_in_a_row_is_not():
    breakfast = "Breakfast: oats soaked overnight with a grated apple and walnuts."
    supper = "Supper: lentil soup with a slice of rye bread and a green salad."
    article = parse_text_dump(
        dump("A week of simple meals", BODY, "Monday", breakfast, supper, "Tuesday", breakfast,
             supper, "Wednesday", breakfast, supper, breakfast, supper),
        source="t",
    )  # fmt: skip
    assert article.paragraphs == [
        BODY, "Monday", breakfast, supper, "Tuesday", breakfast, supper, "Wednesday",
        breakfast, supper,
    ]  # fmt: skip


def test_a_tail_heading_before_any_prose_is_dropped_alone():
    article = parse_text_dump(dump("A headline", "Related", BODY, "Related", "Other"), source="t")
    assert article.paragraphs == [BODY]


@pytest.mark.parametrize(
    "line",
    [
        "To download Harbour Daily app",
        "1. Please scan the QR Code 2. Download and install Harbour Daily App",
        "下载澜湾日报客户端",
        "Share this:",
        "Share on Facebook",
        "分享到：微信 微博",
        "Editor: Jan Kovic",
        "Edited by Jan Kovic",
        "责任编辑：王五",
        "[责任编辑：王五]",
        "This site uses cookies. By continuing to browse you agree to our cookie policy.",
        "Accept all cookies",
        "Advertisement",
        "Read more: Velmora opens its new fish market",
        "Home > World > Europe",
        "© 2024 Harbour Daily. All rights reserved.",
        # Prompts and share bars that saved HTML pages show (one list for both importers).
        "Download our app for more stories like this.",
        "To download the Harbour Daily app, scan the QR code. Download and install the app.",
        "Scan the QR code to download the Harbour Daily app",
        "Share this story: Facebook Email",
        "Share on social media",
        "• Share | Facebook | X | Email",
        "下载澜湾日报客户端，扫描二维码",
        "更多精彩，请下载澜湾日报客户端",
        "请扫描下方二维码下载客户端",
    ],
)
def test_furniture_lines_are_dropped_wherever_they_stand(line):
    text = dump("A headline", BODY, line, "A second paragraph about the ferry timetable.")
    article = parse_text_dump(text, source="t")
    assert article.paragraphs == [BODY, "A second paragraph about the ferry timetable."]
    assert line not in json.dumps(article.as_json(), ensure_ascii=False)


@pytest.mark.parametrize(
    "heading",
    [
        "Hot Recommended",
        "Related",
        "Related articles",
        "Read more",
        "You may also like",
        "热门推荐",
        "相关新闻",
    ],
)
def test_everything_after_a_tail_heading_is_cut(heading):
    text = dump("A headline", BODY, heading, "Velmora opens its new fish market", "(NOT A SOURCE)")
    article = parse_text_dump(text, source="t")
    assert article.paragraphs == [BODY]
    assert article.source_line == ""


@pytest.mark.parametrize(
    "line",
    [
        "The bakery's cookies were a hit, and customers accept the higher price.",
        "Share prices on the Velmora exchange rose for a third day.",
        "分享经济正在改变澜湾市民的出行方式。",
        "扫描二维码支付已成为澜湾市民的习惯，连菜市场也不例外。",
        "Editors at the Harbour Daily chose the ferry story for the front page.",
        "Share the road with cyclists, the council told drivers on Monday.",
        "Passengers who download the ferry app can scan the QR code at the gate.",
        "他说，下载澜湾日报客户端的读者越来越多。",
        "下载该app的用户已超过一百万。",
    ],
)
def test_prose_that_mentions_furniture_stays_in_the_body(line):
    article = parse_text_dump(dump("A headline", BODY, line), source="t")
    assert article.paragraphs == [BODY, line]


def test_mainly_chinese_text_is_simplified_chinese():
    article = parse_text_dump(
        dump("澜湾港夜航", "港务局说，夜航将在秋季恢复，每晚一班。"), source="t"
    )
    assert article.language == "zh-hans"
    english = parse_text_dump(dump("A headline", BODY + " 港务局"), source="t")
    assert english.language == "en"


# Texts that are no article.


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("  \n\t\r\n   \n", "empty", id="whitespace"),
        pytest.param("\ufeff\u200b\n\u200b", "empty", id="invisible-characters"),
        pytest.param(
            dump(BODY, "A second paragraph follows the first one here."),
            "no headline",
            id="starts-with-a-paragraph",
        ),
        pytest.param(
            dump("By Jan Novak", "2019-03-02", "(HARBOUR DAILY)"), "no headline", id="only-meta"
        ),
        pytest.param(
            dump("To download Harbour Daily app", "Share this:", "Hot Recommended"),
            "no headline",
            id="only-furniture",
        ),
        pytest.param(
            dump("A headline alone", "Share this:", "Editor: Jan Kovic"), "no body", id="no-body"
        ),
        pytest.param(
            dump("A headline", "By Jan Novak", "2019-03-02"), "no body", id="only-credits"
        ),
        pytest.param("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary", id="png-bytes"),
        pytest.param("A headline\n\n" + "\x01\x02\x03\x04\x05\x06" * 20, "binary", id="controls"),
        pytest.param("A headline\n\n" + "\ufffd" * 40 + BODY, "binary", id="undecodable"),
        pytest.param(
            "#### ---- 1234 5678 %%%% //// 0000 9999 ++++ ====", "symbols", id="symbols-and-digits"
        ),
        pytest.param(
            "<!DOCTYPE html>\n<html><head><title>A page</title></head></html>", "HTML", id="html"
        ),
    ],
)
def test_text_that_is_no_article_is_unreadable_with_a_one_line_reason(text, reason):
    with pytest.raises(Unreadable, match=re.escape(reason)) as caught:
        parse_text_dump(text, source="t")
    assert "\n" not in str(caught.value)
