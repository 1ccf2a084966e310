from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from cms.views import healthz, robots_txt, withdrawal

urlpatterns = [
    # First: the partner API is what is asked most (Django tries the patterns in order).
    path("api/v1/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("widerruf/<str:token>/", withdrawal, name="withdrawal"),
    path("", include("alliances.urls")),
    # The workflow API has its own room; its former addresses (under the partner prefix,
    # and its own under items/) redirect (308) for one release.
    path("", include("workflows.moved_urls")),
    path("workflow-api/v1/", include("workflows.urls")),
    # Wagtail's own reports with the product's download rules (cms/wagtail_reports.py).
    path("admin/reports/", include("cms.wagtail_reports")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document routes, serving GET-only (cms/document_urls.py).
    path("documents/", include("cms.document_urls")),
    # Partner integration (issue 5): hand-ins, embed widget.
    path("", include("api.handins.urls")),
    path("", include("api.alerts.urls")),
    path("mitmachen/", include("api.handins.site_urls")),
    path("", include("api.embed.urls")),
    path("open-data/", include("alliances.opendata.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Under /api/, an address no route above takes is a JSON 404 whatever the method.
    path("api/", include("api.unknown_urls")),
    path("", include(wagtail_urls)),
]

# JSON errors under /api/, the site's error pages elsewhere.
handler400 = "api.exceptions.bad_request"
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"
