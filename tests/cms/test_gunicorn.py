import gc
import importlib.util
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_workers_freeze_the_objects_of_start_up():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONFIG)
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    assert config.wsgi_app == "cms.wsgi"
    try:
        config.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
