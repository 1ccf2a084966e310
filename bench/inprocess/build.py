"""Building a benchmark database: the demo content, N generated alliances, the read model."""

import json
import os
import time


def seed() -> None:
    from alliances.demo.scale import seed_scale
    from alliances.demo.seed import seed_demo

    scale = int(os.environ["BENCH_BUILD_SCALE"])
    seed_demo(with_users=False)
    started = time.monotonic()
    report = seed_scale(scale, progress=lambda line: None)
    seconds = time.monotonic() - started
    pages = int(report.split("alliances (")[1].split(" pages")[0])
    print(json.dumps({"seconds": seconds, "pages": pages}))


def render() -> None:
    """What `refresh_public_records` does, timed: recompute every record, render all.

    Timed as a running task worker does it: with the URLconf loaded (the first URL a
    process reverses imports every app's URLs, about half a second, once per process).
    The images' renditions are made within the time, as a first render makes them."""
    from django.db import transaction
    from django.urls import get_resolver

    from api.readmodel import services

    get_resolver().reverse_dict  # noqa: B018 (loads and indexes every URL pattern)
    started = time.monotonic()
    with transaction.atomic():
        services.sync_all(content=True)
    rendered = services.render_pending()
    services.refresh_statistics()
    seconds = time.monotonic() - started
    print(json.dumps({"seconds": seconds, "representations": rendered}))
