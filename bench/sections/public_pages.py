"""Server time of the public site's pages at each scale (bench/inprocess/public_pages.py):
every page under 100 ms, search and filters included."""

from bench.common import Context, Result, in_process, log
from bench.report import Target

NAME = "public pages"
LIMIT_MS = 100


def run(ctx: Context) -> Result:
    log("public pages: server time …")
    pages = in_process(ctx.url, "public_pages.measure")
    result = Result(NAME)
    result.figures["public"] = {page["name"]: page for page in pages}
    for page in pages:
        line = f"  {page['name']:<32} {page['ms']:>7.1f} ms {page['queries']:>3} q  {page['url']}"
        result.lines.append(line if page["status"] == 200 else f"{line}  HTTP {page['status']}")
        result.targets.append(Target(f"public: {page['name']}", page["ms"], LIMIT_MS, True, " ms"))
    return result
