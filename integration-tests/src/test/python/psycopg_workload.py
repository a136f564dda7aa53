"""psycopg 3 in pgrelay's driver matrix: runs the driver workload and prints its one-line JSON summary.

The workload and the summary are specified in
integration-tests/src/test/java/dev/pgrelay/it/drivers/DriverWorkloadSummary.java; PsycopgDriverTest runs this
script. Each client is a thread with its own connection. The server is found through libpq's variables:

    PGHOST=127.0.0.1 PGPORT=6432 PGUSER=app PGPASSWORD=secret PGDATABASE=app /usr/bin/python3 psycopg_workload.py
"""

import json
import os
import sys
import threading
import time

import psycopg
from psycopg import errors

CLIENTS = int(os.environ.get("DRIVER_WORKLOAD_CLIENTS", "50"))
PREPARED_EXECUTIONS = 10
CANCEL_AFTER_SECONDS = 0.3
CANCEL_DEADLINE_SECONDS = 15  # far below pg_sleep(30): a lost cancel still fails; room for a loaded 2-core CI
RUN_DEADLINE_SECONDS = 45
ERRORS_KEPT = 10
STEPS = ("connected", "simple", "extended", "prepared", "transactions", "cancelled")


class Tally:
    """Counts, for each step, the clients that got it right, and keeps the first errors."""

    def __init__(self):
        self._lock = threading.Lock()
        self._succeeded = dict.fromkeys(STEPS, 0)
        self._errors = []

    def attempt(self, client, step, action):
        try:
            action()
        except Exception as e:  # every failure is a finding to report, not a reason to stop the client
            self.failed(client, step, e)
        else:
            self.succeeded(step)

    def succeeded(self, step):
        with self._lock:
            self._succeeded[step] += 1

    def failed(self, client, what, error):
        sqlstate = getattr(error, "sqlstate", None)
        description = str(error).strip() or type(error).__name__  # psycopg.Rollback, for one, has no message
        message = f"client {client} {what}: {description}" + (f" (SQLSTATE {sqlstate})" if sqlstate else "")
        with self._lock:
            if len(self._errors) < ERRORS_KEPT:
                self._errors.append(message)

    def summary(self):
        with self._lock:
            return {"clients": CLIENTS, **self._succeeded, "errors": list(self._errors)}


def expect(actual, expected):
    if actual != expected:
        raise AssertionError(f"expected {expected!r} but got {actual!r}")


class Client:
    """One client's steps, written as an application would use psycopg 3 in autocommit mode."""

    def __init__(self, conn, client):
        self.conn = conn
        self.client = client

    def simple(self):
        # No parameters and prepare=False: psycopg sends a simple Query message.
        row = self.conn.execute(f"SELECT {self.client} + 1000", prepare=False).fetchone()
        expect(row[0], self.client + 1000)

    def extended(self):
        row = self.conn.execute("SELECT %s::int + %s::int", (self.client, 1000), prepare=False).fetchone()
        expect(row[0], self.client + 1000)

    def prepared(self):
        # prepare=True: a named server statement (_pg3_0, _pg3_1, ... per connection) from the first execution.
        for n in range(PREPARED_EXECUTIONS):
            value = self.client * 100 + n
            row = self.conn.execute("SELECT %s::int * 2", (value,), prepare=True).fetchone()
            expect(row[0], value * 2)

    def transactions(self):
        with self.conn.transaction():
            self.conn.execute("INSERT INTO driver_notes VALUES (%s, 'committed')", (self.client,))
        with self.conn.transaction():
            self.conn.execute("INSERT INTO driver_notes VALUES (%s, 'rolled back')", (self.client,))
            raise psycopg.Rollback()
        rows = self.conn.execute("SELECT note FROM driver_notes WHERE client = %s ORDER BY note", (self.client,))
        expect([note for (note,) in rows], ["committed"])

    def cancelled(self):
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT pg_backend_pid()")  # pins a server connection, see the summary's spec
                started = time.monotonic()
                canceller = Canceller(self.conn, CANCEL_AFTER_SECONDS)
                try:
                    with canceller:
                        self.conn.execute("SELECT pg_sleep(30)")
                except errors.QueryCanceled:
                    took = time.monotonic() - started
                else:
                    raise AssertionError("pg_sleep(30) finished although it was cancelled")
                raise psycopg.Rollback()
        except psycopg.Rollback:
            # PostgreSQL delivers a cancel twice (postmaster.c signal_child: SIGINT to the backend, then to its process
            # group). pgrelay now closes a cancel connection only after PostgreSQL has done both
            # (CancelDeliveredBeforeCloseTest), so the ROLLBACK below comes later; before that, a second signal once
            # landed on it on a loaded CI machine and psycopg re-raised Rollback ("error ignored in rollback"). Should
            # that still happen, the transaction is aborted all the same: end it. A cancel meant for another client
            # would still fail that client's own step.
            self.conn.rollback()
        if not canceller.sent:
            raise AssertionError(f"pg_sleep(30) was cancelled after {took * 1000:.0f} ms, before this client sent its"
                                 " cancel: another client's cancel reached it")
        if took > CANCEL_DEADLINE_SECONDS:
            raise AssertionError(f"the cancelled pg_sleep(30) took {took:.1f} s to fail")
        expect(self.conn.execute("SELECT 1").fetchone()[0], 1)


class Canceller:
    """While entered, cancels the connection's running query once, after a delay; remembers whether it did."""

    def __init__(self, conn, seconds):
        self.sent = False
        self._conn = conn
        self._timer = threading.Timer(seconds, self._cancel)

    def _cancel(self):
        self.sent = True
        self._conn.cancel()

    def __enter__(self):
        self._timer.start()

    def __exit__(self, *exc_info):
        self._timer.cancel()
        self._timer.join()  # a cancel still on its way could hit a later statement


def run_client(client, tally, all_connected):
    conn = None
    try:
        conn = psycopg.connect(autocommit=True, connect_timeout=10)
    except Exception as e:
        tally.failed(client, "connect", e)
    else:
        tally.succeeded("connected")
    all_connected.wait()  # a client that failed to connect still counts as arrived
    if conn is None:
        return
    with conn:
        steps = Client(conn, client)
        for step in STEPS[1:]:
            tally.attempt(client, step, getattr(steps, step))


def recreate_notes_table():
    with psycopg.connect(autocommit=True, connect_timeout=10) as conn:
        conn.execute("DROP TABLE IF EXISTS driver_notes")
        conn.execute("CREATE TABLE driver_notes (client int, note text)")


def main():
    print(f"driver: psycopg {psycopg.__version__} (libpq {psycopg.pq.version()}), python {sys.version.split()[0]}")
    recreate_notes_table()
    tally = Tally()
    all_connected = threading.Barrier(CLIENTS, timeout=30)
    threads = [threading.Thread(target=run_client, args=(client, tally, all_connected), daemon=True)
               for client in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + RUN_DEADLINE_SECONDS
    for client, thread in enumerate(threads):
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            tally.failed(client, "run", TimeoutError(f"did not finish within {RUN_DEADLINE_SECONDS} s"))
    summary = tally.summary()
    print(json.dumps(summary, separators=(",", ":")), flush=True)
    # Daemon threads still stuck in a query must not keep the process alive.
    os._exit(0 if summary == {"clients": CLIENTS, **dict.fromkeys(STEPS, CLIENTS), "errors": []} else 1)


if __name__ == "__main__":
    main()
