"""Signals of the domain that other apps listen to."""

from django.dispatch import Signal

# Sent after a batch of pages was written without Page.save/publish (demo scale, import):
# sender is the page model, `pages` the saved instances. Inside the batch's transaction.
pages_written_in_bulk = Signal()
