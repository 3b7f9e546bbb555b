"""An index of each person's translator credits alone, for a translator's list: read along
every credit of the person (credit_person_list), a writer with 9,306 bylines asked for as a
translator read them all to find none (20-25 ms on PostgreSQL at 1M). A few seconds at 1M:
translator credits are a tenth of the credits."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0021_article_newsroom_dates"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="credit",
            index=models.Index(
                condition=models.Q(("translated", True)),
                fields=["person", "-published_at", "-article"],
                name="credit_translation_list",
            ),
        ),
    ]
