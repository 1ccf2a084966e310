"""The public site's views beside Wagtail's pages: search, sitemap."""

from django.urls import path
from wagtail.contrib.sitemaps.views import index, sitemap

from alliances import views
from alliances.sitemap import SITEMAPS
from cms.methods import read_only
from cms.query_input import single_valued_query

app_name = "site"

urlpatterns = [
    path("suche/", views.search, name="search"),
    path("stadtteile/", views.districts, name="districts"),
    # An index of files, each at most PAGES_PER_FILE addresses (alliances/sitemap.py).
    path(
        "sitemap.xml",
        read_only(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "site:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        read_only(single_valued_query("p")(sitemap)),  # p: Django's page of a section
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
