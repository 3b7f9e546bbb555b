"""RelatedArticle moves to the related app: gone from this app's state, its table kept.

The related app's first migration takes the model (and the same table) over; no row is
copied or lost.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trending", "0002_editors_see_readership"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RelatedArticle")],
            database_operations=[],
        ),
    ]
