"""The Kernteam sees the reports and dashboard figures (cockpit)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("alliances")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.get(
        content_type__app_label="alliances", codename="view_kernteam_reports"
    )
    for group in Group.objects.filter(name="Kernteam"):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(
        content_type__app_label="alliances", codename="view_kernteam_reports"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("alliances", "0006_impact_reports_voices_and_page")]

    operations = [migrations.RunPython(grant, revoke)]
