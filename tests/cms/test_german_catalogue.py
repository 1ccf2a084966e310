"""German everywhere: every message in the code has a German translation in the catalogue.

The catalogue is extracted afresh from a copy of the sources (Django's makemessages, as
`make messages` does), so a string added without a translation fails here, as does an
empty or fuzzy entry already in the catalogue.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The test settings install the engine's test-only app: makemessages must import it.
SOURCES = [
    "cms",
    "workflows",
    "alliances",
    "api",
    "templates",
    "manage.py",
    "tests/workflow_testapp",
    "tests/__init__.py",
]
CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _entries(po: str) -> dict[str, tuple[str, bool]]:
    """msgid (plural forms joined) -> (msgstr joined, fuzzy), from a .po file's text."""
    entries = {}
    # An entry may follow the last without a blank line (union-merged catalogues).
    po = re.sub(r'(\n(?:msgstr[^\n]*|"[^\n]*"))\n(?=msgid |msgctxt |#)', r"\1\n\n", po)
    for block in po.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if "msgid" in fields and fields["msgid"]:
            msgid = fields.get("msgctxt", "") + "\x04" + fields["msgid"]
            translations = [v for k, v in fields.items() if k.startswith("msgstr")]
            done = bool(translations) and all(translations)
            entries[msgid] = ("x" if done else "", fuzzy)
    return entries


def test_every_message_has_a_german_translation(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "cms.settings.test", "PATH": "/usr/bin:/bin"},
    )
    extracted = _entries((tmp_path / "locale/de/LC_MESSAGES/django.po").read_text("utf-8"))
    catalogue = _entries(CATALOGUE.read_text("utf-8"))
    missing = sorted(
        msgid.partition("\x04")[2]
        for msgid in extracted
        if not catalogue.get(msgid, ("", False))[0] or catalogue[msgid][1]
    )
    assert not missing, f"{len(missing)} messages without German translation: {missing}"


# One German word per concept: the English term → the German word used everywhere, and the
# words that must not stand for it (they did once, side by side with the right one).
TERMS = {"stage": ("Stufe", ["Phase"])}


def test_one_german_word_per_concept():
    text = CATALOGUE.read_text("utf-8")
    translations = " ".join(re.findall(r'^(?:msgstr(?:\[\d\])? )?"(.*)"$', text, flags=re.M))
    for english, (word, others) in TERMS.items():
        assert word in translations, english
        for other in others:
            assert not re.search(rf"\b{other}", translations), f"“{other}” for “{english}”"
