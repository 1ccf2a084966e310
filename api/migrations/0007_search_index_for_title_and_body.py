"""Formerly: the PostgreSQL index for full-text search over title and body.

Search is the project's concern, not the partner API's: cms 0006 creates the index (and
renames the one this migration created on databases that applied it). The file stays so
the migration history of existing databases stays valid.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0006_detail_expiry"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = []
