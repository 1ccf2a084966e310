"""The Kernteam maintains the low-code workflow rules (who may run a step, reminders)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RULE_MODELS = ["transitionrule", "stagerule"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("workflows")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name="Kernteam").first()
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="workflows",
            codename__in=[f"{action}_{model}" for model in RULE_MODELS for action in ACTIONS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0004_outcome_and_impact_report"),
        ("workflows", "0001_transition_log_and_rules"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
