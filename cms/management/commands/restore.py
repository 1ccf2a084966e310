"""manage.py restore DIR: database and media from a backup, then the read model rebuilt."""

from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.backup import BackupError, backup_restore, os_error_text
from cms.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Restore a backup made by “backup” (stop the web server and the worker first)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source_dir", type=Path, help=gettext_lazy("The folder “backup” wrote.")
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=gettext_lazy("Do not ask before replacing the database and the media files."),
        )

    def handle(self, *args, source_dir, interactive, **options):
        if interactive:
            answer = input(
                _("The database and the media files will be replaced. Type “ja” to go on: ")
            )
            if answer.strip().lower() not in ("ja", "yes"):
                raise CommandError(_("Restore cancelled."))
        try:
            manifest = backup_restore(source_dir=source_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(os_error_text(exc, source_dir)) from exc
        call_command("migrate", interactive=False, verbosity=0)  # a backup of an older release
        cache.clear()  # answers cached before the restore are not the restored content
        call_command("refresh_public_records", verbosity=0)
        self.stdout.write(
            _("Restored the backup of %(created_at)s.") % {"created_at": manifest["created_at"]}
        )
