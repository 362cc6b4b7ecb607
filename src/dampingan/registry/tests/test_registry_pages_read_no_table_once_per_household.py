"""The registry pages never read a table once per household (SQLite's query plans): a rank, a head or a member
condition per household is one index lookup, whatever the number of releases. Filtered or joined on the
household alone, each household's desil read every rank of every release (52 s for /data-terpadu/
and for /ukuran-kemiskinan/ on the demo, 1,221 s for a kelurahan profile at a million persons)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.query_plans import repeated_scans

from dampingan.registry.models import Household

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's EXPLAIN QUERY PLAN")


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
