"""The Kernteam sees locked admin logins (django-axes) and may lift them by deleting them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_accessattempt", "delete_accessattempt"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="axes", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Kernteam"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="axes", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Kernteam"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0019_consent_per_purpose"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
