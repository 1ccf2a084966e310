from django.db import migrations


class Migration(migrations.Migration):
    """Partner keys and the integration models were built side by side; join the two."""

    dependencies = [
        ("api", "0001_partners_and_api_keys"),
        ("api", "0002_kernteam_partner_integration_permissions"),
    ]

    operations = []
