from django.db import migrations


class Migration(migrations.Migration):
    """Two branches each joined the capture form with the workflow/report migrations."""

    dependencies = [
        ("alliances", "0006_capture_form_and_workflow"),
        ("alliances", "0008_merge_capture_form_and_reports"),
    ]

    operations = []
