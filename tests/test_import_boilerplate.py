"""What an HTML page's body must not gain from extraction (newsdesk.imports.htmlpage).

trafilatura with its defaults decides which text is the article; asked for images, links
and emphasis as well, it also keeps text it would otherwise drop (the caption of a figure
it keeps for its image, lists of pictures or links). The body is the text the defaults
chose, with the markup of the page's own elements holding the same text, and the page's
pictures among those (not a related rail's, an avatar, an icon or a pixel). Page furniture that both
keep (read-also links, prompts to follow or subscribe) goes by the rules every importer
shares (textdump_rules). The pages are ours.
"""

from pathlib import Path

import pytest
import trafilatura

from newsdesk.imports.htmlpage import parse_html_page
from newsdesk.imports.record import Picture
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


def test_only_the_articles_own_figure_is_imported_with_its_caption():
    # A related-stories rail with pictures inside the article, a sidebar teaser, the site
    # logo, an author's avatar, a bullet icon and tracking pixels: none is the article's.
    article = parse_html_page((FIXTURES / "related-rail.html").read_bytes(), source="rail.html")
    assert [block.tag for block in article.blocks] == ["p", "figure", "p", "p"]
    assert article.pictures == [
        Picture(
            file_name="crane-quay.jpg",
            url="/media/crane-quay.jpg",
            caption="The crane was shipped from the south in three parts.",
            credit="Photo: Ana Lee",
            alt_text="The new crane on the quay",
        )
    ]


def test_the_chosen_text_keeps_its_links_and_emphasis():
    article = parse_html_page((FIXTURES / "related-rail.html").read_bytes(), source="rail.html")
    first, _, second, _ = article.blocks
    assert '<a href="/topics/cranes" rel="noopener">second crane</a>' in first.html
    assert "<em>ending two years of queues</em>" in first.html
    assert "<strong>working by March</strong>" in second.html


def test_a_page_is_extracted_once(monkeypatch):
    calls = []
    extract = trafilatura.bare_extraction

    def counted(*args, **options):
        calls.append(options)
        return extract(*args, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    parse_html_page((FIXTURES / "related-rail.html").read_bytes(), source="rail.html")
    assert len(calls) == 1


def test_a_paragraph_the_page_repeats_takes_the_markup_of_each_copy_in_turn():
    html = (
        (FIXTURES / "lazy-figure.html")
        .read_text()
        .replace(
            "<p>A public meeting",
            "<p>The <em>early crossing</em> stays.</p><p>A public meeting",
        )
        .replace(
            "figures before then.</p>",
            "figures before then.</p><p>The <strong>early crossing</strong> stays.</p>",
        )
    )
    article = parse_html_page(html, source="lazy-figure.html")
    repeated = [block.html for block in article.blocks if "crossing</" in block.html]
    assert repeated == [
        "The <em>early crossing</em> stays.",
        "The <strong>early crossing</strong> stays.",
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
