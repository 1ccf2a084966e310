"""An import from the admin: the uploaded file, its dry run, and the progress of the import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("File"), upload_to="imports/")
    file_name = models.CharField(_("File name"), max_length=255)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.CHECKED
    )
    rows = models.PositiveIntegerField(_("Rows"), default=0)
    valid = models.PositiveIntegerField(_("Valid rows"), default=0)
    rejected = models.JSONField(_("Rejected rows"), default=list)  # [[line, [reasons]], …]
    done = models.PositiveIntegerField(_("Imported"), default=0)
    error = models.CharField(_("Error"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Import")
        verbose_name_plural = _("Imports")

    def __str__(self):
        return self.file_name

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.valid) if self.valid else 100
