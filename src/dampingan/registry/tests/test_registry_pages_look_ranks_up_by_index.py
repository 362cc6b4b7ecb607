"""The registry pages never scan a registry table inside a correlated subquery (SQLite's query plans): a rank,
a head or a member condition per household is one index lookup, whatever the number of releases. Filtered on
the household alone, the desil of each household read every rank of every release (issue 15: 52 s for
/data-terpadu/ on the demo, 1,221 s for a kelurahan profile at a million persons)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dampingan.registry.models import Household

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")


def correlated_scans(sql: str) -> list[str]:
    """The tables (or their aliases, U0 …) a statement scans inside a correlated subquery: SQLite's "SCAN",
    with or without an index, reads the whole table or index once per outer row; "SEARCH" looks up."""
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

    return [
        detail
        for node_id, (_parent, detail) in parents.items()
        if detail.startswith("SCAN ") and inside_correlated(node_id)
    ]


def test_the_registry_pages_look_up_ranks_heads_and_members_by_index(client_as, registry):
    household = Household.objects.filter(release=registry).order_by("pk").first()
    client = client_as("tkpk")
    pages = [
        "/data-terpadu/",
        "/data-terpadu/daftar/?deprivation=child_out_of_school&deprivation=disability",
        f"/data-terpadu/rumah-tangga/{household.pk}/",
        f"/kelurahan/{household.kelurahan_id}/",
        f"/api/registry/households/{household.pk}",
    ]

    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        scans = {scan for sql in selects for scan in correlated_scans(sql)}
        assert scans == set(), url
