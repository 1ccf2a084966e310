"""What the open data index and its admin page show: the files, and whether they are behind."""

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from alliances.models import OpenDataRequest
from alliances.opendata.services import (
    ZIP_NAME,
    open_data_dir,
    written_counts,
    written_stamp,
)
from cms import health
from cms.generation import current_generation


def file_entry(name: str) -> dict:
    """A file of open data as the pages list it: name, whether it exists, size, time."""
    path = open_data_dir() / name
    stat = path.stat() if path.is_file() else None
    return {
        "name": name,
        "exists": stat is not None,
        "size": stat.st_size if stat else None,
        "modified": datetime.fromtimestamp(stat.st_mtime, tz=UTC) if stat else None,
    }


@dataclass
class OpenDataState:
    """The files' state now. `behind`: written under an older generation of public data
    than the site shows (the minute job writes them anew; without a worker they stay
    behind). `worker_absent`: no worker has run for longer than the grace, so no sentence
    may promise minutes. `waits_for_worker`: besides, something is due (files missing or
    behind, a request), so nothing will happen until one runs again. `counts`: the records
    each resource's files hold (None: not known); `empty`: they hold none at all (written
    before anything was public, e.g. before the demo data)."""

    zip: dict
    generated: bool
    behind: bool
    request_waiting: bool
    counts: dict | None = None

    @property
    def empty(self) -> bool:
        return self.generated and self.counts is not None and not any(self.counts.values())

    @cached_property
    def worker_absent(self) -> bool:
        return health.worker_presence().absent

    @property
    def waits_for_worker(self) -> bool:
        due = not self.generated or self.behind or self.request_waiting
        return due and self.worker_absent


def open_data_state() -> OpenDataState:
    zip_file = file_entry(ZIP_NAME)
    generated = zip_file["exists"]
    return OpenDataState(
        zip=zip_file,
        generated=generated,
        behind=generated and written_stamp() != str(current_generation()),
        request_waiting=OpenDataRequest.objects.filter(done_at=None).exists(),
        counts=written_counts() if generated else None,
    )
