"""A real webhook receiver for tests: an HTTP server thread on 127.0.0.1 that checks signatures."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


class Receiver:
    """Answers with the queued status codes (then 200) and records verified messages."""

    def __init__(self, *, secret: str = "", port: int = 0):
        self.secret = secret
        self.port = port
        self.received: list[dict] = []  # verified: {"id", "headers", "payload"}
        self.rejected = 0
        self.responses: list[tuple[int, dict]] = []
        self.delay = 0.0  # seconds each answer takes (a slow partner)
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                time.sleep(receiver.delay)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, extra = receiver.responses.pop(0) if receiver.responses else (200, {})
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                except Exception:
                    receiver.rejected += 1
                    status = 400
                else:
                    if 200 <= status < 300:
                        receiver.received.append(
                            {"id": headers["webhook-id"], "headers": headers, "payload": payload}
                        )
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        # Port 0 the first time: any free port; a restart ("receiver up again") reuses it.
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def ids(self) -> list[str]:
        return [message["id"] for message in self.received]

    def types(self) -> list[str]:
        return [message["payload"]["type"] for message in self.received]
