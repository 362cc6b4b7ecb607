"""A small city worked out by hand, shared by the targeting tests.

Kecamatan K1 holds kelurahan A and B, kecamatan K2 holds C (no household in desil 1-4).

    household  kelurahan  desil   links (intervention: status)
    1          A          1       i1: graduated
    2          A          2       i4: proposed; i3 (cancelled): active
    3          A          4       i2: active
    4          A          6       i1: active; i2: active              <- two interventions, desil 6
    5          A          -       i1: active                          <- unranked
    6          B          3       i2: active
    7          B          5       i1: suspended
    8          C          7       -
    (none)     B          -       i1: proposed, not in the registry
    999        C          3       i1: active, household of an earlier release (not in the registry)

    intervention  strategy               status     planned (sen)  realised (sen)
    1             kurangi_beban          ongoing    100,000,000    60,000,000
    2             tingkatkan_pendapatan  done            90,000           100
    3             kurangi_kantong        cancelled      500,000       500,000
    4             kurangi_beban          planned        200,000             0
"""

from __future__ import annotations

import polars as pl

from dampingan.analytics.targeting import HOUSEHOLDS_SCHEMA, INTERVENTIONS_SCHEMA, LINKS_SCHEMA

KEC = {"A": "K1", "B": "K1", "C": "K2"}


HOUSEHOLDS = [(1, "A", 1), (2, "A", 2), (3, "A", 4), (4, "A", 6), (5, "A", None), (6, "B", 3), (7, "B", 5), (8, "C", 7)]


def households(rows: list[tuple[int, str, int | None]] | None = None) -> pl.DataFrame:
    rows = rows if rows is not None else HOUSEHOLDS
    return pl.DataFrame([(h, kel, KEC[kel], desil) for h, kel, desil in rows], schema=HOUSEHOLDS_SCHEMA, orient="row")


def links(rows: list[tuple[int, int | None, str, str, bool, int | None]] | None = None) -> pl.DataFrame:
    """Rows of (intervention, household, kelurahan, status, in_registry, desil)."""
    if rows is None:
        rows = [
            (1, 4, "A", "aktif", True, 6),
            (2, 4, "A", "aktif", True, 6),
            (1, 1, "A", "lulus", True, 1),
            (2, 3, "A", "aktif", True, 4),
            (2, 6, "B", "aktif", True, 3),
            (4, 2, "A", "diusulkan", True, 2),
            (1, None, "B", "diusulkan", False, None),
            (3, 2, "A", "aktif", True, 2),
            (1, 7, "B", "ditangguhkan", True, 5),
            (1, 5, "A", "aktif", True, None),
            (1, 999, "C", "aktif", False, 3),
        ]
    return pl.DataFrame(
        [(i, h, kel, KEC[kel], status, reg, desil) for i, h, kel, status, reg, desil in rows],
        schema=LINKS_SCHEMA,
        orient="row",
    )


def interventions() -> pl.DataFrame:
    return pl.DataFrame(
        [
            (1, "kurangi_beban", "berjalan", 100_000_000, 60_000_000),
            (2, "tingkatkan_pendapatan", "selesai", 90_000, 100),
            (3, "kurangi_kantong", "dibatalkan", 500_000, 500_000),
            (4, "kurangi_beban", "direncanakan", 200_000, 0),
        ],
        schema=INTERVENTIONS_SCHEMA,
        orient="row",
    )


def no_links() -> pl.DataFrame:
    return pl.DataFrame(schema=LINKS_SCHEMA)
