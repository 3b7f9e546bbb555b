"""What generated articles are made of, shared by every seed of the archive.

Sections and columns (the demo's, by slug), about 200 generated people (12 of them
translators), 300 tags (by slug and name) and 40 images drawn once with Pillow and stored
under ``generated/images/``: got or created once per run, reused rather than duplicated.
"""

import io
import random
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from newsdesk.content.models import Column, Image, Person, Section, Tag
from newsdesk.devdata.archive_words import (
    BEATS,
    BOOKS,
    COLUMNS,
    EN_NUMBERS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INSTITUTIONS,
    MORE_TAGS,
    MOTIFS,
    OUTLETS,
    PALETTES,
    REGIONS,
    SECTIONS,
    STAFF_ROLES,
    STUDIES,
    SURNAMES,
    SYLLABLES,
    TOPICS,
    TOWNS,
    TRANSLATION_FIELDS,
    TRANSLATOR_ROLES,
    UNIVERSITIES,
)
from newsdesk.devdata.demo_data import PEOPLE as DEMO_PEOPLE
from newsdesk.devdata.demo_images import draw_archive_image

PEOPLE = 200
TRANSLATORS = 12
TAGS = 300
IMAGES = 40
IMAGE_SIZE = (1200, 675)


def capitalize(text: str) -> str:
    """``text`` with its first letter upper case (the rest left alone, unlike str.title)."""
    return text[:1].upper() + text[1:]


def without_article(place: str) -> str:
    """A place's name without its article, for tags: "the Lumen Strait" -> "Lumen Strait"."""
    return place[4:] if place.startswith("the ") else place


def invent_name(rng: random.Random) -> tuple[str, str, bool]:
    """A person's name in Latin letters and in Chinese, and whether it is a Chinese name."""
    if rng.random() < 0.4:
        surname = rng.choice(SURNAMES)
        first, second = rng.sample(SYLLABLES, 2)
        given = (capitalize(first[0] + second[0]), first[1] + second[1])
        return f"{surname[0]} {given[0]}", surname[1] + given[1], True
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    return f"{given[0]} {family[0]}", f"{given[1]}·{family[1]}", False


@dataclass
class Pools:
    """The rows articles point at, and how many of each ``load_pools()`` created."""

    sections: dict[str, Section]
    columns: dict[str, Column]
    writers: list[Person]  # English-desk authors
    chinese_writers: list[Person]  # authors of Chinese originals
    translators: list[Person]
    tags: list[Tag]
    tags_by_name: dict[str, Tag]
    images: list[Image]
    created: dict[str, int] = field(default_factory=dict)
    images_by_id: dict[int, Image] = field(init=False)

    def __post_init__(self):
        self.images_by_id = {image.pk: image for image in self.images}


def _sections_and_columns(created: dict[str, int]):
    sections, columns = {}, {}
    created["sections"] = created["columns"] = 0
    for position, (slug, name, name_zh) in enumerate(SECTIONS):
        sections[slug], new = Section.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "translations": {"zh-hans": {"name": name_zh}},
                "position": position,
            },
        )
        created["sections"] += new
    for slug, name, name_zh, description in COLUMNS:
        columns[slug], new = Column.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "translations": {"zh-hans": {"name": name_zh}},
                "description": description,
            },
        )
        created["columns"] += new
    return sections, columns


def _people_specs() -> list[dict]:
    """The generated staff: PEOPLE people, the first TRANSLATORS of them translators."""
    rng = random.Random("newsdesk-archive:people")
    taken = {spec["slug"] for spec in DEMO_PEOPLE}
    specs = []
    while len(specs) < PEOPLE:
        name, _, chinese = invent_name(rng)
        slug = slugify(name)
        if slug in taken:
            continue
        taken.add(slug)
        short = name if chinese else name.split()[0]
        studied = f"{rng.choice(STUDIES)} at {rng.choice(UNIVERSITIES)}"
        if len(specs) < TRANSLATORS:
            role = rng.choice(TRANSLATOR_ROLES)
            bio = (
                f"{name} translates between Chinese and English for Pacific Meridian. "
                f"{short} studied {studied} and specialises in "
                f"{rng.choice(TRANSLATION_FIELDS)} texts."
            )
        else:
            role = rng.choice(STAFF_ROLES)
            town = rng.choice(TOWNS)[0]
            extra = rng.choice(
                [
                    f"{short} studied {studied}.",
                    f"{short} lives in {town} and commutes by ferry.",
                    f"{short} is the author of a book about {rng.choice(BOOKS)}.",
                    f"A graduate of {rng.choice(UNIVERSITIES)}, {short} also teaches a short "
                    "course on news reporting.",
                ]
            )
            bio = (
                f"{name} {rng.choice(['covers', 'reports on', 'writes about'])} "
                f"{rng.choice(BEATS)} from {town}. Before joining Pacific Meridian, {short} "
                f"spent {EN_NUMBERS[rng.randint(2, 12)]} years at {rng.choice(OUTLETS)}. {extra}"
            )
        specs.append(
            {"slug": slug, "name": name, "role_title": role, "bio": bio, "chinese": chinese}
        )
    return specs


def _people(created: dict[str, int]):
    specs = _people_specs()
    slugs = [spec["slug"] for spec in specs]
    before = Person.objects.filter(slug__in=slugs).count()
    Person.objects.bulk_create(
        [
            Person(slug=s["slug"], name=s["name"], role_title=s["role_title"], bio=s["bio"])
            for s in specs
        ],
        ignore_conflicts=True,
    )
    people = Person.objects.in_bulk(slugs, field_name="slug")
    created["people"] = len(people) - before
    translators = [people[s["slug"]] for s in specs[:TRANSLATORS]]
    staff = specs[TRANSLATORS:]
    writers = [people[s["slug"]] for s in staff]
    chinese_writers = [people[s["slug"]] for s in staff if s["chinese"]]
    return writers, chinese_writers or writers, translators


def _tag_names() -> list[str]:
    names = [topic.tag for topic in TOPICS]
    names += [without_article(place) for place, _ in TOWNS + REGIONS]
    names += [without_article(inst) for inst, _ in INSTITUTIONS.values()]
    names += MORE_TAGS
    rng = random.Random("newsdesk-archive:tags")
    seen = {name.lower() for name in names}
    while len(names) < TAGS:
        town = rng.choice(TOWNS)[0]
        topic = rng.choice(TOPICS).tag
        name = f"{town} {topic.lower()}"
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def _tags(created: dict[str, int]):
    names = _tag_names()
    before = Tag.objects.filter(name__in=names).count()
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name, allow_unicode=True)) for name in names],
        ignore_conflicts=True,
    )
    by_name = Tag.objects.in_bulk(names, field_name="name")
    created["tags"] = len(by_name) - before
    return [by_name[name] for name in names if name in by_name], by_name


def _jpeg(picture) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _images(created: dict[str, int]) -> list[Image]:
    rng = random.Random("newsdesk-archive:images")
    photographers = [invent_name(rng)[0] for _ in range(8)]
    names = [f"generated/images/img-{n}.jpg" for n in range(1, IMAGES + 1)]
    existing = {image.file.name: image for image in Image.objects.filter(file__in=names)}
    new = []
    for name in names:
        motif = rng.choice(list(MOTIFS))
        palette = rng.choice(PALETTES)
        captions, alt = MOTIFS[motif]
        caption = rng.choice(captions).format(
            town=rng.choice(TOWNS)[0], region=rng.choice(REGIONS)[0]
        )
        credit = (
            "Photo: Harbour Wire Service"
            if rng.random() < 0.15
            else f"Photo: {rng.choice(photographers)} / Pacific Meridian"
        )
        draw_seed = rng.random()
        if not default_storage.exists(name):
            picture = draw_archive_image(motif, palette, random.Random(draw_seed), IMAGE_SIZE)
            saved = default_storage.save(name, ContentFile(_jpeg(picture)))
            assert saved == name, f"storage renamed {name} to {saved}"
        if name not in existing:
            new.append(
                Image(
                    file=name,
                    caption=capitalize(caption),
                    credit=credit,
                    alt_text=alt,
                    width=IMAGE_SIZE[0],
                    height=IMAGE_SIZE[1],
                )
            )
    Image.objects.bulk_create(new)
    created["images"] = len(new)
    by_name = {image.file.name: image for image in Image.objects.filter(file__in=names)}
    return [by_name[name] for name in names]


def load_pools() -> Pools:
    """Get or create what articles are made of; the same for every seed."""
    created: dict[str, int] = {}
    with transaction.atomic():
        sections, columns = _sections_and_columns(created)
        writers, chinese_writers, translators = _people(created)
        tags, tags_by_name = _tags(created)
        images = _images(created)
    return Pools(
        sections,
        columns,
        writers,
        chinese_writers,
        translators,
        tags,
        tags_by_name,
        images,
        created,
    )
