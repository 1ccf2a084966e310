import contextlib
from unittest import mock

from django.core.management import call_command


def test_serve_runs_web_server_and_stops_the_worker_with_it(db, settings):
    # serve sets WAGTAILADMIN_BASE_URL when it is not given: inside this test's settings.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8999"
    worker = mock.Mock()
    with (
        mock.patch("cms.management.commands.serve.subprocess.Popen", return_value=worker) as popen,
        mock.patch("cms.management.commands.serve.call_command") as runserver,
    ):
        runserver.side_effect = KeyboardInterrupt  # the user presses Ctrl-C
        with contextlib.suppress(KeyboardInterrupt):
            call_command("serve", "127.0.0.1:8999")
    assert popen.call_args.args[0][-2:] == ["manage.py", "qcluster"]
    runserver.assert_called_once_with("runserver", "127.0.0.1:8999", use_reloader=False)
    worker.terminate.assert_called_once()
    worker.wait.assert_called_once()
