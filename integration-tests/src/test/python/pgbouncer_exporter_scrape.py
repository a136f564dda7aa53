"""Scrapes pgrelay with PgBouncer's Prometheus exporter as Debian packages it (prometheus-pgbouncer-exporter).

Usage: pgbouncer_exporter_scrape.py HOST PORT USER   (the password comes from PGPASSWORD, as for the exporter)

The exporter's own get_connection() connects to the database "pgbouncer", as it does in production; each of its
collectors then runs its SHOW command. Prints one line per sample, "sample NAME LABELS-JSON VALUE", or
"error COLLECTOR MESSAGE" for a collector that failed.
"""
import json
import sys

from prometheus_pgbouncer_exporter.collectors import (DatabasesCollector, ListsCollector, PoolsCollector,
                                                      StatsCollector)
from prometheus_pgbouncer_exporter.utils import get_connection


def main(host, port, user):
    connection = get_connection(user, int(port), host)
    try:
        collectors = [StatsCollector(connection=connection, databases=None),
                      PoolsCollector(connection=connection, databases=None),
                      DatabasesCollector(connection=connection, databases=None),
                      ListsCollector(connection=connection)]
        for collector in collectors:
            try:
                for family in collector.collect():
                    for sample in family.samples:
                        print("sample", sample.name, json.dumps(sample.labels, sort_keys=True), sample.value)
            except Exception as error:  # report and go on: one collector's failure is the test's finding
                print("error", type(collector).__name__, type(error).__name__, error)
    finally:
        connection.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
