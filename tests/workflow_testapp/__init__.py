"""A test-only app: the smallest domain the workflow engine can run on.

Installed only by `cms.settings.test`. The engine's own tests (tests/workflows/) run on its
`Ticket`, so they show that `workflows` needs nothing of `alliances` or `api` (an
import-linter contract in pyproject.toml holds that).
"""
