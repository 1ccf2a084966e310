from pathlib import Path

from django.core.management.base import CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alliances.importing import ImportFileError, import_items
from cms.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Import needs and opportunities from a CSV or XLSX file as captured pages; "
        "rejected rows are listed with their line numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help=gettext_lazy("A .csv or .xlsx file with a header row.")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Validate every row, write nothing."),
        )

    def handle(self, *args, file, dry_run, **options):
        if file.is_dir():
            raise CommandError(
                _("%(file)s is a folder. Please name the file to import.") % {"file": file}
            )
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            result = import_items(path=file, dry_run=dry_run, progress=self._progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row in result.rejected:
            line = _("Line %(line)s: %(reasons)s") % {
                "line": row.line,
                "reasons": "; ".join(str(reason) for reason in row.reasons),
            }
            self.stdout.write(self.style.ERROR(line))
        valid = result.rows - len(result.rejected)
        if dry_run:
            self.stdout.write(
                _("Dry run: %(valid)s of %(rows)s rows are valid; nothing written.")
                % {"valid": valid, "rows": result.rows}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Imported %(imported)s of %(rows)s rows as captured pages in "
                        "%(seconds)s s (%(rate)s pages/s)."
                    )
                    % {
                        "imported": result.imported,
                        "rows": result.rows,
                        "seconds": number_format(result.seconds, 1),
                        "rate": number_format(result.pages_per_second, 0),
                    }
                )
            )
        if result.rejected:
            count = len(result.rejected)
            raise CommandError(
                ngettext(
                    "%(count)s row rejected (see above).",
                    "%(count)s rows rejected (see above).",
                    count,
                )
                % {"count": count}
            )

    def _progress(self, done: int, total: int, seconds: float) -> None:
        width = 30
        filled = width * done // max(total, 1)
        rate = done / seconds if seconds else 0
        self.stderr.write(
            f"[{'#' * filled}{'.' * (width - filled)}] "
            + _("%(done)s/%(total)s pages, %(rate)s pages/s")
            % {"done": done, "total": total, "rate": number_format(rate, 0)}
        )
