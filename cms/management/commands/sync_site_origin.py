from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.management.base import TranslatedCommand
from cms.origin import site_origin_sync


class Command(TranslatedCommand):
    help = gettext_lazy("Point the default site (absolute links) at WAGTAILADMIN_BASE_URL.")

    def handle(self, *args, **options):
        try:
            site = site_origin_sync()
        except ValueError as error:
            raise CommandError(str(error)) from None
        if site is None:
            self.stderr.write(_("No default site."))
            return
        self.stdout.write(
            _("Links now use %(base)s (%(root)s).")
            % {"base": settings.WAGTAILADMIN_BASE_URL, "root": site.root_url}
        )
