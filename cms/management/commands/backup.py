"""manage.py backup DIR: the SQLite database (online backup API) and media into DIR."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.backup import BackupError, backup_create
from cms.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("Back up the SQLite database and the media files while the product runs.")

    def add_arguments(self, parser):
        parser.add_argument("target_dir", help=gettext_lazy("The folder to write the backup into."))

    def handle(self, *args, target_dir, **options):
        try:
            folder = backup_create(target_dir=target_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Backup written: %(folder)s") % {"folder": folder})
