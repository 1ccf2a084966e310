"""Every management command of the product prints its help, in German and in English
(argparse raised a TypeError on the translatable help texts of eight of them)."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

OURS = ("cms", "alliances", "api", "workflows")


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_command_prints_its_help(language):
    ours = {name: app for name, app in get_commands().items() if app in OURS}
    assert {"seed_demo", "backup", "generate_open_data", "import_items"} <= set(ours)
    with translation.override(language):
        for name, app in ours.items():
            parser = load_command_class(app, name).create_parser("manage.py", name)
            assert parser.format_help(), name
