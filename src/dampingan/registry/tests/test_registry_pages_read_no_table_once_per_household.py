"""The registry pages never read a table once per household (SQLite's query plans): a rank, a head or a member
condition per household is one index lookup, whatever the number of releases. Filtered or joined on the
household alone, each household's desil read every rank of every release (issue 15: 52 s for /data-terpadu/
and for /ukuran-kemiskinan/ on the demo, 1,221 s for a kelurahan profile at a million persons)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dampingan.registry.models import Household

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")


def repeated_scans(sql: str) -> list[str]:
    """The tables (or their aliases: U0, w, …) a statement reads in full once per row of something else:
    a "SCAN" (with or without an index) inside a correlated subquery, or as the inner loop of a join. SQLite
    lists a join's loops outer first; "SEARCH" is a lookup, and a first "SCAN" is read once."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = cursor.fetchall()
    parents = {node_id: (parent, detail) for node_id, parent, _unused, detail in plan}

    def inside_correlated(node_id: int) -> bool:
        parent = parents[node_id][0]
        while parent in parents:
            if parents[parent][1].startswith("CORRELATED"):
                return True
            parent = parents[parent][0]
        return False

    repeated, loops = [], {}
    for node_id, (parent, detail) in parents.items():
        if not detail.startswith(("SCAN ", "SEARCH ")) or detail == "SCAN CONSTANT ROW":
            continue
        inner = loops.get(parent, 0) > 0
        loops[parent] = loops.get(parent, 0) + 1
        if detail.startswith("SCAN ") and (inner or inside_correlated(node_id)):
            repeated.append(detail)
    return repeated


def test_the_registry_pages_look_up_ranks_heads_and_members_by_index(client_as, registry):
    household = Household.objects.filter(release=registry).order_by("pk").first()
    client = client_as("tkpk")
    pages = [
        "/data-terpadu/",
        "/data-terpadu/daftar/?deprivation=child_out_of_school&deprivation=disability",
        f"/data-terpadu/rumah-tangga/{household.pk}/",
        f"/kelurahan/{household.kelurahan_id}/",
        f"/api/registry/households/{household.pk}",
        "/ukuran-kemiskinan/",
        "/intervensi/sasaran/",
    ]

    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        scans = {scan for sql in selects for scan in repeated_scans(sql)}
        assert scans == set(), url
