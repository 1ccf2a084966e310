"""What forming and active alliances still need, one row per alliance, district and entry:
the demand of the report "Gesucht", kept by `alliances.demand` in the transaction of every
change, so the report sums a narrow table instead of every alliance's services and members."""

from django.db import models


class AllianceDemand(models.Model):
    """Alliance `alliance` (forming or active) still needs `still_needed` (> 0) of one
    competence or resource; once per district of the alliance, district NULL if it has none."""

    alliance = models.ForeignKey(
        "alliances.AlliancePage", on_delete=models.CASCADE, related_name="+"
    )
    district = models.ForeignKey(
        "alliances.District", null=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10)  # "competence" | "resource" (matching.Key)
    entry_id = models.PositiveIntegerField()
    still_needed = models.PositiveIntegerField()

    class Meta:
        default_permissions = ()  # derived rows: no admin, nobody edits them
        # The report's GROUP BY reads this index alone, in its order.
        indexes = [
            models.Index(
                fields=["district", "kind", "entry_id", "still_needed"],
                name="alliancedemand_by_district",
            )
        ]

    def __str__(self):
        return f"{self.alliance_id}: {self.kind} {self.entry_id} × {self.still_needed}"
