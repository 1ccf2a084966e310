"""A real SMTP server for tests: a thread on 127.0.0.1 that records every message it accepts.

Speaks the part of SMTP that smtplib (Django's SMTP backend) uses: EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT.
"""

import socketserver
import threading
from email import message_from_bytes
from email.message import Message


class SmtpSink:
    def __init__(self):
        self.messages: list[Message] = []
        self._lock = threading.Lock()
        self._server = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def start(self) -> "SmtpSink":
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str):
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                self.reply("220 sink ready")
                while line := self.rfile.readline():
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith(("EHLO", "HELO")):
                        self.reply("250 sink")
                    elif command.startswith("DATA"):
                        self.reply("354 end with .")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        with sink._lock:
                            sink.messages.append(message_from_bytes(b"".join(lines)))
                        self.reply("250 accepted")
                    elif command.startswith("QUIT"):
                        self.reply("221 bye")
                        return
                    else:  # MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for m in self.messages]
