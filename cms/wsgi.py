import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

# Workers verify this value before they start (cms/keycheck.py).
from cms.keycheck import publish_quietly  # noqa: E402  (needs the application loaded)

publish_quietly()
