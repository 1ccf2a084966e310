"""Programme pages in the admin listings: stage and public flag (alliances/listing.py)."""

from django import template

from alliances import listing

register = template.Library()


@register.simple_tag
def programme_status(page, table):
    return listing.programme_status(page, table)
