"""`{{ value|public_richtext }}`: Wagtail's `richtext` (links resolved as the public sees
them), then cleaned by the allowlist sanitizer."""

from django import template
from wagtail.templatetags.wagtailcore_tags import richtext

from cms.richtext import clean_html

register = template.Library()


@register.filter
def public_richtext(value):
    if value is None or value == "":
        return ""
    return clean_html(richtext(value))
