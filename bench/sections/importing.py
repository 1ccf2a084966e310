"""`import_items` with a generated capture campaign of 2,000 rows, on a throwaway copy."""

import json
import random

from bench.common import BENCH_DIR, Context, Result, in_process, log, scratch_copy, shell
from bench.report import Target

NAME = "import"
ROWS = 2_000


def campaign_file(url: str) -> str:
    slugs = json.loads(
        shell(
            url,
            "import json; from alliances.models import District, Topic, AgeGroup, Standard;"
            "print(json.dumps([list(District.objects.values_list('slug', flat=True)),"
            "list(Topic.objects.values_list('slug', flat=True)),"
            "list(AgeGroup.objects.values_list('slug', flat=True)),"
            "list(Standard.objects.values_list('reference', flat=True))]))",
        )
    )
    districts, topics, age_groups, standards = slugs
    rng = random.Random(6)
    path = BENCH_DIR / "capture-campaign.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            "kind,title,summary,districts,topics,age_groups,priority,captured_on,"
            "standard,actual_value,measured_on,source\n"
        )
        for n in range(ROWS):
            gap = n % 2 == 0
            fields = [
                "need" if n % 3 else "opportunity",
                f"Umfrage-Eintrag {n}",
                f"Rückmeldung {n} aus der Bürgerbefragung.",
                '"' + ",".join(rng.sample(districts, 2)) + '"',
                rng.choice(topics),
                rng.choice(age_groups),
                str(rng.randint(1, 4)),
                "2026-03-01",
                f'"{rng.choice(standards)}"' if gap else "",
                str(rng.randint(0, 90)) if gap else "",
                "2026-02-01" if gap else "",
                "Bürgerbefragung 2026" if gap else "",
            ]
            handle.write(",".join(fields) + "\n")
    return str(path)


def run(ctx: Context) -> Result:
    path = campaign_file(ctx.url)
    copy, drop = scratch_copy(ctx.url, "import")
    try:
        log(f"import_items: {ROWS} rows …")
        done = in_process(copy, "importing.run", BENCH_IMPORT_FILE=path)
    finally:
        drop()
    imported, rate = done["imported"], done["pages_per_second"]
    line = f"import_items: {imported} pages at {rate:.0f} pages/s"
    if done["rejected"]:
        line += f" ({done['rejected']} of {done['rows']} rows REJECTED)"
    result = Result(NAME, lines=[line])
    result.targets.append(Target("import_items", rate, 150, unit=" pages/s"))
    result.targets.append(Target("import_items: rows imported", imported, ROWS, unit=""))
    result.figures["import pages/s"] = rate
    return result
