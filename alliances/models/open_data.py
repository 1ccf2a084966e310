from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataRequest(models.Model):
    """A wish to write the open data files now (the admin's button), kept as a row so that
    it outlives a lost wake-up or a stopped worker: the minute job writes the files while
    one waits (`alliances.opendata.services.open_data_follow`) and marks it done."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("Requested"), auto_now_add=True)
    done_at = models.DateTimeField(_("Written"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Open data request")
        verbose_name_plural = _("Open data requests")
        indexes = [
            models.Index(
                fields=["requested_at"],
                condition=models.Q(done_at__isnull=True),
                name="open_data_request_waiting",
            )
        ]

    def __str__(self) -> str:
        return str(self.requested_at)
