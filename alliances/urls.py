"""The public site's views beside Wagtail's pages: search, sitemap."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from alliances import views
from alliances.sitemap import PublicPagesSitemap, PublicViewsSitemap

app_name = "site"

urlpatterns = [
    path("suche/", views.search, name="search"),
    path("stadtteile/", views.districts, name="districts"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PublicPagesSitemap, "views": PublicViewsSitemap}},
        name="sitemap",
    ),
]
