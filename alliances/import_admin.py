"""Admin import for the Kernteam: upload, dry run with errors per line, background import.

The state lives in an ImportRun row, so the progress page survives a reload and shows
what the worker has written so far.
"""

import io
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alliances.importing import COLUMN_LABELS, COLUMNS, ImportFileError, import_items
from alliances.models import AgeGroup, District, ImportRun, ItemPage, Standard, Topic
from alliances.spreadsheets import CSV_SUFFIXES, WORKBOOK_SUFFIXES
from cms import health
from cms.exports import download_name

ADD = "alliances.add_importrun"
PREVIEW_ROWS = 200
MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("Excel (.xlsx, .xls), LibreOffice (.ods) or CSV, up to 20 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in CSV_SUFFIXES | WORKBOOK_SUFFIXES:
            raise forms.ValidationError(
                _("Please choose a spreadsheet: .xlsx, .xls, .ods or .csv.")
            )
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _require(request) -> None:
    if not request.user.has_perm(ADD):
        raise PermissionDenied


class _LocalCopy:
    """The stored upload as a local file (storage may be remote or in memory)."""

    def __init__(self, run: ImportRun):
        self.run = run

    def __enter__(self) -> Path:
        suffix = Path(self.run.file_name).suffix
        self.handle = tempfile.NamedTemporaryFile(suffix=suffix)
        with self.run.file.open("rb") as stored:
            for chunk in stored.chunks():
                self.handle.write(chunk)
        self.handle.flush()
        return Path(self.handle.name)

    def __exit__(self, *exc):
        self.handle.close()


def import_check(*, run: ImportRun) -> ImportRun:
    """The dry run: every row validated, nothing written; the result stored on the run."""
    try:
        with _LocalCopy(run) as path:
            result = import_items(path=path, name=run.file_name, dry_run=True)
    except ImportFileError as error:
        run.status, run.error = ImportRun.Status.FAILED, str(error)[:500]
    else:
        run.rows = result.rows
        run.valid = result.rows - len(result.rejected)
        run.rejected = [[row.line, row.reasons] for row in result.rejected[:1000]]
    run.save()
    return run


def import_run(run_id: int) -> int:
    """The task: import the valid rows of a checked run, recording progress as it goes."""
    run = ImportRun.objects.get(pk=run_id)
    updated = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if not updated:  # already running or done: a repeated task does nothing
        return 0

    def progress(done: int, total: int, seconds: float) -> None:
        ImportRun.objects.filter(pk=run_id).update(done=done, valid=total)

    try:
        with _LocalCopy(run) as path:
            result = import_items(path=path, name=run.file_name, progress=progress)
    except Exception as error:  # recorded for the Kernteam, never lost in a log only
        if isinstance(error, ImportFileError):
            message = str(error)
        else:  # an exception's own text is English and technical: the task's log keeps it
            message = _(
                "The import stopped because of an unexpected error (%(kind)s). The rows "
                "written so far are kept. Please ask the administrator before you import "
                "the file again."
            ) % {"kind": type(error).__name__}
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED, error=message[:500], finished_at=timezone.now()
        )
        raise
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportRun.Status.DONE,
        done=result.imported,
        rejected=[[row.line, row.reasons] for row in result.rejected[:1000]],
        finished_at=timezone.now(),
    )
    return result.imported


@require_http_methods(["GET", "POST"])
def upload_view(request):
    _require(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            file=upload, file_name=Path(upload.name).name, created_by=request.user
        )
        import_check(run=run)
        return redirect("import_items:preview", run.pk)
    runs = ImportRun.objects.order_by("-created_at")[:10]
    return render(request, "alliances/import/upload.html", {"form": form, "runs": runs})


@require_http_methods(["GET", "POST"])
def preview_view(request, pk: int):
    _require(request)
    run = get_object_or_404(ImportRun, pk=pk)
    if request.method == "POST":
        if run.status != ImportRun.Status.CHECKED or not run.valid:
            messages.error(request, _("This file cannot be imported (again)."))
            return redirect("import_items:preview", run.pk)
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED, done=0)
            transaction.on_commit(lambda: _queue(run.pk))
        return redirect("import_items:progress", run.pk)
    return render(request, "alliances/import/preview.html", {"run": run})


def _queue(run_id: int) -> None:
    from django_q.tasks import async_task

    async_task("alliances.import_admin.import_run", run_id, task_name=f"import-{run_id}")


def progress_view(request, pk: int):
    _require(request)
    run = get_object_or_404(ImportRun, pk=pk)
    working = run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)
    stalled = working and health.worker_presence().absent  # the page must not promise progress
    return render(
        request,
        "alliances/import/progress.html",
        {"run": run, "working": working, "stalled": stalled},
    )


# The template ------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """An XLSX with the columns and, for catalogue columns, the valid values as lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Entries")[:31]
    values = workbook.create_sheet(_("Values")[:31])
    sheet.append([COLUMN_LABELS[name] for name in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    lists = {
        "kind": [_("Need"), _("Opportunity")],
        "districts": list(District.objects.values_list("name", flat=True)),
        "topics": list(Topic.objects.values_list("name", flat=True)),
        "age_groups": list(AgeGroup.objects.values_list("name", flat=True)),
        "priority": [str(label) for _value, label in ItemPage.Priority.choices],
        "capture_channel": [str(label) for _value, label in ItemPage.Channel.choices],
        "standard": list(Standard.objects.values_list("reference", flat=True)),
    }
    for column_number, (name, options) in enumerate(lists.items(), start=1):
        letter = values.cell(row=1, column=column_number).column_letter
        values.cell(row=1, column=column_number, value=COLUMN_LABELS[name]).font = Font(bold=True)
        for row_number, option in enumerate(options, start=2):
            values.cell(row=row_number, column=column_number, value=str(option))
        if not options:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"'{values.title}'!${letter}$2:${letter}${len(options) + 1}",
            allow_blank=True,
            # Several districts or topics are separated by commas: warn, do not refuse.
            errorStyle="information" if name in ("districts", "topics", "age_groups") else "stop",
            showErrorMessage=True,
            error=_("Please choose a value from the list."),
        )
        sheet.add_data_validation(validation)
        target = sheet.cell(row=2, column=COLUMNS.index(name) + 1).column_letter
        validation.add(f"{target}2:{target}5000")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_view(request):
    _require(request)
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = download_name("vorlage-erfassung", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
