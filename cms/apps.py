from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website")

    def ready(self):
        from cms.localized_input import register_localized_fields
        from cms.permission_labels import sync_permission_labels
        from cms.schedules import sync_periodic_jobs

        register_localized_fields()
        # Every admin listing, however the admin reaches it: strict input, no rows for
        # invalid input, a file only for a valid request (cms/checked_listings.py).
        from cms.checked_listings import check_every_listing

        check_every_listing()
        # Every block form's counts and order (StreamField, ListBlock): a 400 when malformed,
        # digits 0-9 only (cms/checked_blocks.py).
        from cms.checked_blocks import check_every_block_form

        check_every_block_form()
        # Every bulk action's selected ids: digits 0-9 only, a 400 otherwise
        # (cms/checked_bulk_actions.py).
        from cms.checked_bulk_actions import check_every_bulk_action

        check_every_bulk_action()
        # After the whole migrate (cms is migrated with every other app): one registry.
        post_migrate.connect(sync_periodic_jobs, sender=self, dispatch_uid="periodic-jobs")
        # Every app, after auth created its permissions: names in the site's language.
        post_migrate.connect(sync_permission_labels, dispatch_uid="permission-labels")
        # migrate runs with the web's settings: sign the value workers verify (cms/keycheck.py).
        post_migrate.connect(_publish_key_check, sender=self, dispatch_uid="signing-key-check")

        from cms import mail_privacy, origin  # noqa: F401  origin registers check cms.E001

        mail_privacy.register()


def _publish_key_check(**kwargs) -> None:
    from cms.keycheck import publish

    publish()
