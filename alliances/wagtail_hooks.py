from wagtail.snippets.models import register_snippet

from alliances.viewsets import CatalogueGroup

register_snippet(CatalogueGroup)
