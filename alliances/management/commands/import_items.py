from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.importing import ImportFileError, import_items


class Command(BaseCommand):
    help = (
        "Import needs and opportunities from a CSV or XLSX file as captured pages; "
        "rejected rows are listed with their line numbers."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate every row, write nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = import_items(path=file, dry_run=dry_run, progress=self._progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row in result.rejected:
            self.stdout.write(self.style.ERROR(f"Line {row.line}: " + "; ".join(row.reasons)))
        valid = result.rows - len(result.rejected)
        if dry_run:
            self.stdout.write(f"Dry run: {valid} of {result.rows} rows are valid; nothing written.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {result.imported} of {result.rows} rows as captured pages in "
                    f"{result.seconds:.1f} s ({result.pages_per_second:.0f} pages/s)."
                )
            )
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} rows rejected (see above).")

    def _progress(self, done: int, total: int, seconds: float) -> None:
        width = 30
        filled = width * done // max(total, 1)
        rate = done / seconds if seconds else 0
        self.stderr.write(
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, {rate:.0f} pages/s"
        )
