"""Every page and API list of every persona sends as many queries with 2,000 households as with 200, and with
four releases as with two; and on SQLite none of its statements reads a table once per row of another.
A page whose cost grows with the registry is the regression that made the kelurahan profile
take 1,221 s at a million persons: these tests see it at a few thousand rows, with no timing."""

from __future__ import annotations

import datetime as dt

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dampingan.access.scope import Scope
from dampingan.regions.queries import visible_regions
from dampingan.registry import imports, services
from dampingan.registry.models import Household, Member, RegistryRelease
from dampingan.registry.queries import current_release
from dampingan.registry.synth import synth_registry
from tests.query_plans import repeated_scans

PERSONAS = ["tkpk", "operator", "mentor_dindagkop", "camat_selatan", "lurah_banyurip", "viewer"]
PAGES = [
    "/",
    "/dasbor/",
    "/publik/",
    "/peta/",
    "/data-terpadu/",
    "/data-terpadu/daftar/",
    "/data-terpadu/daftar/?page=2",
    "/data-terpadu/daftar/?desil=1&desil=2&desil=3&desil=4",
    "/data-terpadu/daftar/?deprivation=no_own_toilet",
    "/data-terpadu/rumah-tangga/{household}/",
    "/data-terpadu/cari/?q={nik}",
    "/data-terpadu/rilis/",
    "/data-terpadu/rilis/banding/?old={previous}&new={current}",
    "/kelurahan/{kelurahan}/",
    "/ukuran-kemiskinan/",
    "/intervensi/sasaran/",
    "/api/registry/households",
    "/api/registry/households?offset=2&limit=3",  # a later window, not empty in the smallest scope
    "/api/registry/households/{household}",
    "/api/registry/releases/{current}/desil",
    "/api/registry/releases/{previous}/diff/{current}",
    "/api/dashboard/ranking",
    "/api/measures/mpi",
    "/api/measures/desil",
]


def _import(persona, persons: int, seed: int, day: int) -> RegistryRelease:
    content = synth_registry(persons, "33.75", seed=seed).write_csv().encode()
    release = imports.run_import(persona("operator"), imports.plan_import(content, f"r{seed}.csv"), source="dtks")
    return services.approve_release(persona("tkpk"), release, sk_number=f"T/{seed}", sk_date=dt.date(2025, 4, day))


def _ids(user) -> dict[str, object]:
    current = current_release()
    older = RegistryRelease.objects.exclude(pk=current.pk).order_by("-imported_at").first()
    villages = visible_regions(Scope.for_user(user)).villages()
    household = Household.objects.filter(release=current, kelurahan__in=villages).order_by("pk").first()
    member = Member.objects.filter(release=current, household=household).order_by("pk").first()
    return {
        "current": current.pk,
        "previous": older.pk if older else None,
        "household": household.pk,
        "kelurahan": household.kelurahan_id,
        "nik": member.nik[:8],
    }


def _costs(persona, plans: bool = False) -> dict[tuple[str, str], int]:
    """Queries per (persona, page); with ``plans``, also refuse any statement that reads a table per row."""
    found = {}
    for key in PERSONAS:
        user = persona(key)
        client = Client()
        client.force_login(user)
        ids = _ids(user)
        for page in PAGES:
            if "{previous}" in page and ids["previous"] is None:
                continue  # a diff needs two releases
            client.get(page.format(**ids))  # once first: Django's own first-use lookups (content types) are not counted
            for cache in caches.all():
                cache.clear()  # the public page keeps its figures for five minutes: count the cold request
            with CaptureQueriesContext(connection) as queries:
                status = client.get(page.format(**ids)).status_code
            assert status in (200, 403, 404), (key, page, status)
            found[(key, page)] = len(queries)
            if plans and connection.vendor == "sqlite":
                selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
                scans = {scan for sql in selects for scan in repeated_scans(sql)}
                assert scans == set(), (key, page, scans)
    return found


def _grown(before: dict, after: dict) -> dict:
    """Pages (of ``before``) whose number of queries changed, with both numbers."""
    return {page: (before[page], after[page]) for page in before if after[page] != before[page]}


def test_queries_per_page_do_not_grow_with_households_or_releases(persona):
    _import(persona, 740, seed=11, day=1)
    assert 150 <= current_release().household_count <= 250
    one = _costs(persona, plans=True)

    _import(persona, 740, seed=12, day=2)
    two = _costs(persona)
    # One more page with a second release: the kelurahan profile sets each number beside the previous
    # release's (a second set of counts). The diff pages are new.
    grown = _grown(one, two)
    assert set(grown) == {(key, "/kelurahan/{kelurahan}/") for key in PERSONAS}, grown

    _import(persona, 7400, seed=13, day=3)
    assert 1800 <= current_release().household_count <= 2200
    large = _costs(persona)
    grown = _grown(two, large)
    assert grown == {}, "\n".join(f"{k}: {v}" for k, v in grown.items())

    _import(persona, 7400, seed=14, day=4)
    assert RegistryRelease.objects.count() == 4
    four = _costs(persona, plans=True)
    grown = _grown(large, four)
    assert grown == {}, "\n".join(f"{k}: {v}" for k, v in grown.items())
