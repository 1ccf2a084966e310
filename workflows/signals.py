from django.dispatch import Signal

# Sent by the transition runner inside the transition's transaction, after the stage was
# written. Receivers get: sender (the model class), instance (the page, already in its
# new stage), transition (method name), source, target (stage values), by (user or None
# for the system), comment. Partner-facing code (api) listens here to invalidate caches
# and write webhook outbox rows in the same transaction.
stage_changed = Signal()
