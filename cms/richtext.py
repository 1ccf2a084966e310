"""Rich text leaving the system is cleaned by an allowlist sanitizer (nh3, the binding of
the Rust crate ammonia), however it was written: admin editor, ORM, import, migration."""

import nh3
from django.utils.safestring import SafeString, mark_safe

# What the editor's features and the block templates produce; everything else is dropped.
TAGS = {
    "a", "b", "blockquote", "br", "dd", "div", "dl", "dt", "em", "figcaption", "figure",
    "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "section", "strong", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> SafeString:
    """`html` with only allowed tags, attributes and URL schemes; safe to output."""
    return mark_safe(  # noqa: S308 (the sanitizer's output)
        nh3.clean(
            str(html),
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )
    )
