"""The sections of `make bench`, run in this order at every scale.

A section is a module with `NAME` and `run(ctx: bench.common.Context) -> bench.common.Result`
(printed lines, targets with met/not met, figures for the scaling curve). To add one (public
pages, matching, …), write `bench/sections/<name>.py` and list it here.
"""

SECTIONS = [
    "bench.sections.partner_api",
    "bench.sections.admin_views",
    "bench.sections.matching",
    "bench.sections.public_pages",
    "bench.sections.importing",
    "bench.sections.transitions",
]
