"""Under /api/, an address no route takes is a JSON 404 whatever the method (included
last by the project's URLconf, before Wagtail's catch-all)."""

from django.urls import re_path

from api.exceptions import unknown_address

urlpatterns = [re_path(r"", unknown_address)]
