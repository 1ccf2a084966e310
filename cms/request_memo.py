"""What one request may look up once and reuse: a dict living as long as the request.

Template code without the request at hand (a page's `status_string` in a listing of 50
pages) asks `memo()`; outside a request (tasks, shell, tests calling functions directly)
it gets None and looks things up afresh. A change within the request that makes an entry
stale drops it (`forget`), so a view that writes and then renders sees its own write.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def memo() -> dict | None:
    return _memo.get()


def forget(key: str) -> None:
    if (current := _memo.get()) is not None:
        current.pop(key, None)


@contextmanager
def memo_of(shared: dict | None):
    """Within the block, `memo()` is `shared`: for work of a request done after its view
    returned (the rows of a streamed download)."""
    token = _memo.set(shared)
    try:
        yield
    finally:
        _memo.reset(token)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
