"""A Python application's tests against pgrelay, driven by `pgrelay testkit` (psycopg 3 + pytest).

`testkit up` starts a PostgreSQL primary, two replicas and pgrelay, and prints how to connect as one JSON
line; `testkit fault ...` breaks things on purpose; `testkit down` removes it all. Run: pytest examples/python
(PGRELAY may name the launcher; default: bin/pgrelay of this checkout, which builds pgrelay if needed).
"""
import json
import os
import pathlib
import subprocess
import time

import psycopg
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PGRELAY = os.environ.get("PGRELAY", str(ROOT / "bin" / "pgrelay"))


@pytest.fixture(scope="module")
def testkit(tmp_path_factory):
    state = tmp_path_factory.mktemp("testkit") / "state.json"
    up = subprocess.Popen([PGRELAY, "testkit", "up", "--replicas", "2", "--json", "--state", str(state)],
                          stdout=subprocess.PIPE, text=True)
    line = up.stdout.readline()
    if not line:
        pytest.fail(f"pgrelay testkit up exited {up.wait()} before printing its connection info")

    def fault(*args):
        done = subprocess.run([PGRELAY, "testkit", "fault", "--state", str(state), *args],
                              capture_output=True, text=True)
        assert done.returncode == 0, f"fault {args}: {done.stderr}"
        return done.stdout.strip()

    try:
        yield json.loads(line), fault
    finally:
        subprocess.run([PGRELAY, "testkit", "down", "--state", str(state)], check=True)
        up.wait(timeout=60)


def test_orders_survive_a_failover_on_the_same_connection(testkit):
    info, fault = testkit
    with psycopg.connect(info["dsn"], autocommit=True) as conn:
        conn.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL)")
        conn.execute("INSERT INTO orders (customer) VALUES ('ada')")
        fault("catch-up")                       # replication is asynchronous: let 'ada' reach the replicas

        fault("kill-primary")                   # kill -9 of node0
        assert fault("promote", "node1") == "node1 is the primary"

        conn.execute("INSERT INTO orders (customer) VALUES ('grace')")   # same connection, new primary
        rows = conn.execute("SELECT customer, inet_server_port() FROM orders ORDER BY id").fetchall()
    assert [customer for customer, _ in rows] == ["ada", "grace"]
    assert {port for _, port in rows} == {info["replicas"][0]["port"]}


def test_a_slow_network_to_the_primary_slows_every_query(testkit):
    info, fault = testkit
    with psycopg.connect(info["dsn"], autocommit=True) as conn:
        fault("slow", "node1", "500")           # every query pgrelay sends to node1 waits 500 ms
        try:
            started = time.monotonic()
            conn.execute("SELECT 1")
            assert time.monotonic() - started >= 0.5
        finally:
            fault("heal", "node1")
        started = time.monotonic()
        conn.execute("SELECT 1")
        assert time.monotonic() - started < 0.5
