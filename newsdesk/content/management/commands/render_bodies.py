"""``newsdesk render_bodies``: render the stored HTML of article bodies again.

Bodies are rendered when an article (or an image it shows) is saved, with the figures'
<picture> markup and rendition addresses of that moment. Run this once after a deploy
that changes them: content/figure.html, the picture tag, or a rendition's spec or
encoding (whose old addresses then answer 404).
"""

from django.core.management.base import BaseCommand

from newsdesk.content import body
from newsdesk.content.models import Article, Image


def render_bodies() -> int:
    """Save again every article with a figure whose body renders differently now; how
    many. Saved as an edited image saves them: their pages are purged."""
    changed = 0
    with_figures = Article.objects.filter(body__contains="data-image-id").order_by("pk")
    for article in with_figures.iterator(chunk_size=200):
        images = Image.objects.in_bulk(body.image_ids(article.body))
        if body.render(article.body, images, article.language) != article.body_html:
            article.save(update_fields=["body_html"])
            changed += 1
    return changed


class Command(BaseCommand):
    help = "Render the stored HTML of article bodies again, where their figures changed."

    def handle(self, *args, **options):
        self.stdout.write(f"{render_bodies()} article bodies rendered again.")
