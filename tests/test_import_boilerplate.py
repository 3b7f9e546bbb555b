"""What an HTML page's body must not gain from extraction (newsdesk.imports.htmlpage).

trafilatura with its defaults decides which text is the article; asked for images, links
and emphasis as well, it also keeps text it would otherwise drop (the caption of a figure
it keeps for its image, lists of pictures or links). The body is the text the defaults
chose, with the markup and pictures of the richer extraction. Page furniture that both
keep (read-also links, prompts to follow or subscribe) goes by the rules every importer
shares (textdump_rules). The pages are ours.
"""

from pathlib import Path

import pytest
import trafilatura

from newsdesk.imports.htmlpage import _chosen_text, parse_html_page
from newsdesk.imports.record import Block, Picture
from newsdesk.imports.textdump_rules import is_boilerplate

FIXTURES = Path(__file__).parent / "fixtures" / "html"

TIMETABLE = [
    "The ferry between Port Velmar and the outer islands will run twice a day from the "
    "first of November, the harbour board said on Monday, down from four crossings in the "
    "summer months.",
    "The board blamed the cost of fuel and a shortage of crew. Islanders who commute to the "
    "mainland say the early crossing, which leaves at half past six, is the one they cannot "
    "do without.",
    "A public meeting about the timetable will be held in the harbour hall next Thursday "
    "evening, and the board has promised to publish the full figures before then.",
]


def test_a_caption_kept_only_with_its_image_stays_out_of_the_body():
    # A lazy-loaded image (no real src) in a figure whose caption is a paragraph of its own.
    html = (FIXTURES / "lazy-figure.html").read_bytes()
    article = parse_html_page(html, source="lazy-figure.html")
    assert article.paragraphs == TIMETABLE  # no "Photo: Ana Lee" paragraph
    assert [block.tag for block in article.blocks] == ["figure", "p", "p", "p"]
    # Its address from the lazy loader's srcset (the widest), its credit from the caption.
    assert article.pictures == [
        Picture(
            file_name="ferry-640.jpg",
            url="/media/ferry-640.jpg",
            credit="Photo: Ana Lee",
            alt_text="The ferry at the quay",
        )
    ]


def p(text: str) -> Block:
    return Block("p", text)


def figure(number: int) -> Block:
    return Block("figure", picture=number)


PICTURES = [Picture(file_name=f"{n}.jpg") for n in range(6)]


def test_the_chosen_text_takes_the_rich_twins_and_the_figures_among_them():
    chosen = [p("First paragraph."), p("Second paragraph."), p("Third paragraph.")]
    rich = [
        figure(0),  # a picture of another story
        p("Latest stories"),
        figure(1),  # the lead picture, right before the text
        p("<em>First</em> paragraph."),
        figure(2),
        p("Photo: Ana Lee"),  # its caption, which the chosen text has not
        p("Second <a href='/x'>paragraph</a>."),
        p("Third paragraph."),
        figure(3),  # right after the text
        p("More from the harbour"),
        figure(4),
        p("Lighthouse keeper retires"),
    ]
    blocks, pictures = _chosen_text(chosen, rich, PICTURES)
    assert blocks == [
        figure(0),
        p("<em>First</em> paragraph."),
        figure(1),
        p("Second <a href='/x'>paragraph</a>."),
        p("Third paragraph."),
        figure(2),
    ]
    assert [picture.file_name for picture in pictures] == ["1.jpg", "2.jpg", "3.jpg"]


def test_chosen_text_without_a_rich_twin_is_kept_as_chosen():
    chosen = [p("First paragraph."), p("A line only the defaults kept."), p("Last one.")]
    rich = [p("First paragraph."), figure(0), p("Last <strong>one</strong>.")]
    blocks, pictures = _chosen_text(chosen, rich, PICTURES[:1])
    assert blocks == [
        p("First paragraph."),
        p("A line only the defaults kept."),
        figure(0),
        p("Last <strong>one</strong>."),
    ]
    assert pictures == PICTURES[:1]


def test_a_paragraph_repeated_in_the_chosen_text_takes_each_twin_once():
    chosen = [p("Same words."), p("Between."), p("Same words.")]
    rich = [p("Same <em>words</em>."), p("Between."), figure(0), p("Same <b>words</b>.")]
    blocks, _ = _chosen_text(chosen, rich, PICTURES[:1])
    assert blocks == [
        p("Same <em>words</em>."),
        p("Between."),
        figure(0),
        p("Same <b>words</b>."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Lea también: El puerto abre una nueva terminal de pasajeros",
        "VEA TAMBIÉN: Los pescadores vuelven al mar tras la tormenta",
        "Le puede interesar: La feria del libro llega al muelle",
        "À lire aussi : Le phare de Kestrel rouvre ses portes",
        "Mehr zum Thema: Die Fähre fährt auch im Winter",
        "Czytaj także: Nowy rozkład promów od listopada",
        "Follow the Harbour Times on Twitter and Instagram @HarbourTimes.",
        "Síguenos en Telegram, Instagram y Facebook",
        "Sign up for our newsletter to get the harbour news every morning.",
        "Subscribe now to our print edition for the full story.",
        "Zum Newsletter anmelden",
    ],
)
def test_read_also_links_and_follow_or_newsletter_prompts_are_furniture(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Lea walked to the harbour every morning before the ferry left.",
        "Follow-up talks with Facebook and Twitter are planned for March, the minister said.",
        "Subscribers to the ferry pass will pay less from November.",
        "The newsletter of the harbour board, sent to every islander, announced the change.",
    ],
)
def test_prose_that_starts_like_a_prompt_stays(line):
    assert not is_boilerplate(line)


def test_when_the_fast_extraction_misses_the_text_the_full_one_lends_the_markup(monkeypatch):
    html = (
        (FIXTURES / "lazy-figure.html")
        .read_text()
        .replace("the harbour board said", 'the <a href="/board">harbour board</a> said')
    )
    extract = trafilatura.bare_extraction

    def without_fast(*args, fast=False, **options):
        return None if fast else extract(*args, fast=fast, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", without_fast)
    article = parse_html_page(html, source="lazy-figure.html")
    assert article.paragraphs == TIMETABLE
    assert '<a href="/board" rel="noopener">harbour board</a>' in article.blocks[1].html
    assert article.blocks[0].tag == "figure"
