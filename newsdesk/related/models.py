"""The related list of an article: which articles, in which order, and how related."""

from django.db import models

from newsdesk.content.models import Article


class RelatedArticle(models.Model):
    """An article worth reading next, computed when ``article`` is published or edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        # The table of the trending app, where this model was born: moved without copying.
        db_table = "trending_relatedarticle"
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="unique_related_pair")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.score:.2f})"
