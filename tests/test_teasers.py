"""Related and Hot Recommended on an article: compact teasers with thumbnails, keyed."""

import re

import pytest
from django.utils import timezone

from newsdesk.related.models import RelatedArticle
from newsdesk.trending.models import HotList
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

THUMBNAIL = r'<picture>.*?<img [^>]*sizes="5.5rem"[^>]*width="\d+" height="\d+"'


def test_related_and_hot_show_teasers_with_thumbnails_beside_the_article(client):
    article = make_article()
    related = make_article(headline="Related story", lead_image=make_image())
    hot = make_article(headline="Hot story", lead_image=make_image())
    RelatedArticle.objects.create(article=article, related=related, position=0, score=1.0)
    HotList.objects.create(scope="en", article_ids=[hot.pk], computed_at=timezone.now())
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    aside = page.split('<div class="article-aside">')[1]
    for block, end, headline in [
        ("related", "</nav>", "Related story"),
        ("hot", "</section>", "Hot story"),
    ]:
        box = aside.split(f'class="{block}"')[1].split(end)[0]
        teaser = re.search(r'<a class="teaser".*?</a>', box, re.S).group(0)
        assert re.search(THUMBNAIL, teaser), block
        assert f'<span class="teaser-headline">{headline}</span>' in teaser
    keys = set(response["Surrogate-Key"].split())
    assert {f"image-{related.lead_image_id}", f"image-{hot.lead_image_id}"} <= keys


def test_a_teaser_without_a_picture_shows_its_headline_alone(client):
    article, related = make_article(), make_article(headline="Plain story", lead_image=None)
    RelatedArticle.objects.create(article=article, related=related, position=0, score=1.0)
    page = client.get(article.get_absolute_url()).content.decode()
    teaser = re.search(r'<a class="teaser".*?</a>', page, re.S).group(0)
    assert "<img" not in teaser and "Plain story" in teaser
