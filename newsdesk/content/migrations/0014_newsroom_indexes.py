from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0013_article_cards"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["section", "published_at"], name="article_newsroom_section"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["column", "published_at"], name="article_newsroom_column"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["language", "published_at"], name="article_newsroom_language"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(translation_of__isnull=False),
                fields=["published_at"],
                name="article_newsroom_translations",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["headline"], name="article_newsroom_headline"),
        ),
    ]
