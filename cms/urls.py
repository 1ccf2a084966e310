from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import healthz, robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("alliances.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Partner integration (issue 5): hand-ins, embed widget.
    path("", include("api.handins.urls")),
    path("", include("api.embed.urls")),
    path("open-data/", include("alliances.opendata.urls")),
    # Kernteam workflow API (workflows): list and run an item's transitions.
    path("", include("workflows.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# JSON errors under /api/, the site's error pages elsewhere.
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"
