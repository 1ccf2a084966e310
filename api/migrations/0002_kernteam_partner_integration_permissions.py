"""Formerly: the Kernteam group, created here, got the integration permissions.

`api` names no group now; api 0011 grants the same permissions to the groups that run the
workflow. Databases that applied this keep what it granted. The file stays so the
migration history of existing databases stays valid.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_webhooks_and_handins"),
        ("alliances", "0003_groups"),
    ]

    operations = []
