"""Rich-text links as the public sees them: a link to a page that is not public now is its
text without a URL (on the site, in the API's `body_html` and in webhook payloads)."""

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from alliances.visibility import public_ids


class PublicPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        pages = cls.get_many(attrs_list)
        public = public_ids(page.pk for page in pages if page is not None)
        return [
            f'<a href="{escape(page.localized.url)}">' if page and page.pk in public else "<a>"
            for page in pages
        ]
