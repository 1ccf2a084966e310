"""The open data export as a task (its daily schedule: settings.PERIODIC_JOBS)."""

from alliances.opendata.services import open_data_generate


def generate_open_data() -> dict[str, int]:
    return open_data_generate()
