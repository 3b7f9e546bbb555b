from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0011_frontslot"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "published_at"], name="article_newsroom_status"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["headline"], name="article_newsroom_headline"),
        ),
    ]
