import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from cms.models import OutboundMail
from cms.tasks import send_due_mails
from tests.factories import DistrictFactory, UserFactory

PROJECT = Path(__file__).resolve().parents[2]

# A second process hands in a need and is killed (SIGKILL) right after the commit, where
# it would wake the mail sender.
HAND_IN_THEN_DIE = """
import os, signal
import django
django.setup()
from cms import mailing
mailing._wake = lambda: os.kill(os.getpid(), signal.SIGKILL)
from alliances.models import District
from api.handins.services import submission_create
submission_create(
    kind="need",
    title="Mittagstisch für Jung & Alt",
    description="Gemeinsam essen in Neheim.",
    district=District.objects.get(slug="neheim"),
)
print("survived")
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_process_killed_between_commit_and_queue_loses_no_mail():
    DistrictFactory(slug="neheim", name="Neheim")
    kernteam = UserFactory(username="kira", groups=["Kernteam"])
    db = connection.settings_dict
    login = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    died = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", HAND_IN_THEN_DIE],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert died.returncode == -9, died.stderr  # SIGKILL, after the commit
    assert "survived" not in died.stdout
    row = OutboundMail.objects.get()
    assert (row.status, row.to) == (OutboundMail.Status.PENDING, [kernteam.email])
    assert mail.outbox == []

    assert send_due_mails() == 1  # the scheduled sweep
    assert send_due_mails() == 0
    [message] = mail.outbox
    assert "Mittagstisch für Jung & Alt" in message.body
