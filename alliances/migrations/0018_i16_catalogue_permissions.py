"""The Kernteam keeps the catalogues of competences and resources; the Redaktion reads them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["competence", "resource"]
GRANTS = {
    "Kernteam": ["add", "change", "delete", "view"],
    "Redaktion": ["view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("alliances")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="alliances",
                codename__in=[f"{a}_{m}" for a in GRANTS[group.name] for m in MODELS],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    permissions = Permission.objects.filter(
        content_type__app_label="alliances",
        codename__in=[f"{a}_{m}" for a in GRANTS["Kernteam"] for m in MODELS],
    )
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("alliances", "0017_i16_drop_free_text")]

    operations = [migrations.RunPython(grant, revoke)]
