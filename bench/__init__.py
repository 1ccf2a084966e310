"""`make bench`: the product side by side with Wagtail's API v2 and the stack's ceiling."""
