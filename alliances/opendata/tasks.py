"""The open data export as a task (its daily schedule: settings.PERIODIC_JOBS)."""

import logging

from alliances.opendata.services import (
    ZIP_NAME,
    open_data_dir,
    open_data_follow,
    open_data_generate,
)

logger = logging.getLogger(__name__)


def generate_open_data() -> bool:
    """The wake-up of a request (`open_data_request`): write what waits, if still due."""
    return open_data_follow()


def generate_if_missing(**kwargs) -> bool:
    """Day one (post_migrate): write the files if there are none yet.

    Never fails the migration: a failure is logged, and the daily job tries again.
    """
    if (open_data_dir() / ZIP_NAME).is_file():
        return False
    try:
        open_data_generate()
    except Exception:
        logger.exception("Open data could not be generated after migrate")
        return False
    return True
