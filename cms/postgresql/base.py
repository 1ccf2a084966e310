"""Django's PostgreSQL backend, with a health check that needs no round trip.

CONN_HEALTH_CHECKS makes Django ask a reused connection `SELECT 1` at the start of every
request that touches the database: a round trip that cost an API detail about a fifth of
its time. A server that ended the connection (a restart, `pg_terminate_backend`, an idle
timeout) has said so on its socket: an ErrorResponse and the connection's end
(https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-ASYNC), which makes
the idle socket readable. So an idle connection whose socket has nothing to read, and
that psycopg does not know to be closed or broken, is usable; only one with something to
read is asked `SELECT 1` as before.

The price: a connection ended within the moment before a request (`pg_terminate_backend`
returns before the server has written to the socket) is reused and that request fails,
as a request does whose connection ends while it runs (with Django's check, too). A
connection ended while idle, the usual case (a restart, a failover, an idle timeout), is
replaced before the request's first query.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # no socket any more
            return False
        return super().is_usable() if readable else True
