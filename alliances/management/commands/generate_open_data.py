from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.opendata.services import open_data_dir, open_data_generate
from cms.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Write the open data files (CSV, JSON, README, zip) now, as the minute job does after "
        "every public change."
    )

    def handle(self, *args, **options):
        counts = open_data_generate()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(
            _("Open data written to %(folder)s (%(summary)s).")
            % {"folder": open_data_dir(), "summary": summary}
        )
