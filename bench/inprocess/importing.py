"""`import_items`' work (alliances.importing.import_items, which the command calls) on a
campaign file, as JSON: the command's own message is translated, so not parsed."""

import json
import os
from pathlib import Path


def run() -> None:
    from alliances.importing import import_items

    result = import_items(path=Path(os.environ["BENCH_IMPORT_FILE"]))
    print(
        json.dumps(
            {
                "rows": result.rows,
                "imported": result.imported,
                "rejected": len(result.rejected),
                "pages_per_second": result.pages_per_second,
            }
        )
    )
