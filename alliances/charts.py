"""Small server-rendered SVG charts for the public site (no script, no inline style: the
CSP allows neither). Every chart has a table beside it with the same figures."""

from dataclasses import dataclass
from decimal import Decimal

BAR_MAX = 280  # px of the longest bar in a 460 px wide chart
ROW = 64


@dataclass
class GapBar:
    label: str
    unit: str
    before: Decimal
    after: Decimal
    before_width: int
    after_width: int
    y: int  # top of the row


def gap_bars(gaps) -> dict | None:
    """The gap before and after re-measurement, one row per re-measured assessment;
    None when nothing has been re-measured yet."""
    measured = [gap for gap in gaps if gap.remeasured_value is not None]
    if not measured:
        return None
    largest = max(max(g.gap, g.remeasured_gap) for g in measured) or Decimal(1)
    rows = []
    for number, gap in enumerate(measured):
        rows.append(
            GapBar(
                label=gap.standard.title[:60],
                unit=gap.effective_unit,
                before=gap.gap,
                after=gap.remeasured_gap,
                before_width=max(2, round(BAR_MAX * gap.gap / largest)),
                after_width=max(2, round(BAR_MAX * gap.remeasured_gap / largest)),
                y=number * ROW,
            )
        )
    return {"rows": rows, "height": len(rows) * ROW + 8}
