"""Custom permissions carry their names in the site's language.

A data migration that creates permissions stores the name of its historical model, which is
the English source text; Wagtail's group editor shows the stored name. After every migrate
the names of each model's `Meta.permissions` are set to their translation.
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation


def sync_permission_labels(app_config, using=DEFAULT_DB_ALIAS, **kwargs) -> int:
    """Rename the app's custom permissions to their translated names; return how many."""
    renamed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for model in app_config.get_models():
            if not model._meta.permissions:
                continue
            content_type = ContentType.objects.db_manager(using).get_for_model(model)
            for codename, name in model._meta.permissions:
                label = str(name)[: Permission._meta.get_field("name").max_length]
                renamed += (
                    Permission.objects.using(using)
                    .filter(content_type=content_type, codename=codename)
                    .exclude(name=label)
                    .update(name=label)
                )
    return renamed
