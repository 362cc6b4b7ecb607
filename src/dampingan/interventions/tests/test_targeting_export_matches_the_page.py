"""The targeting .xlsx holds the page's numbers; household sheets only for roles that see personal data."""

from __future__ import annotations

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from .targeting_fixtures import KURIPAN_KERTOHARJO, households_of, link, make_intervention
from .test_targeting_page_follows_scopes_and_counts import independent_count

EXPORT = reverse("interventions:targeting_export")
PAGE = reverse("interventions:targeting")


def sheets(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    result = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        result[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]] if rows else []
    return result


@pytest.fixture
def reached(registry, persona):
    tkpk = persona("tkpk")
    poor = households_of(registry, KURIPAN_KERTOHARJO, (1, 2, 3, 4))
    tempe = make_intervention(tkpk, KURIPAN_KERTOHARJO, planned="30000000", realised="12000000.50")
    for household in poor[:3]:
        link(tempe, household, tkpk)
    return poor


def test_the_summary_sheet_agrees_with_the_page_and_an_independent_count(client_as, registry, reached):
    client = client_as("tkpk")
    page = client.get(PAGE, {"kelurahan": KURIPAN_KERTOHARJO}).context
    book = sheets(client.get(EXPORT, {"kelurahan": KURIPAN_KERTOHARJO}))

    summary = {row["Kode"]: row for row in book["Ringkasan"]}
    row = summary[KURIPAN_KERTOHARJO]
    eligible, reached_count = independent_count(registry, [KURIPAN_KERTOHARJO])
    assert (
        (row["Rumah tangga desil 1-4"], row["Terjangkau"])
        == (eligible, reached_count)
        == (
            page["total"]["eligible"],
            page["total"]["reached"],
        )
    )
    assert row["Terjangkau"] == 3
    assert row["Anggaran terealisasi (Rp)"] == pytest.approx(12_000_000.50)
    assert row["Realisasi per rumah tangga terjangkau (Rp)"] == pytest.approx(4_000_000.17)
    not_reached = book["Belum terjangkau"]
    assert len(not_reached) == page["uncovered"].paginator.count == eligible - 3
    assert [r["Desil"] for r in not_reached] == sorted(r["Desil"] for r in not_reached)
    assert all("*" not in (r["NIK kepala rumah tangga"] or "") for r in not_reached)  # the TKPK sees identifiers


def test_a_viewer_downloads_counts_only(client_as, registry, reached):
    book = sheets(client_as("viewer").get(EXPORT))

    assert set(book) == {"Ringkasan", "Per strategi"}
    assert {row["Kode"] for row in book["Ringkasan"]} >= {KURIPAN_KERTOHARJO}


def test_the_mentor_download_is_masked_scoped_and_logged(client_as, persona, registry, reached):
    response = client_as("mentor_dindagkop").get(EXPORT)
    book = sheets(response)

    assert {row["Kode"] for row in book["Ringkasan"] if row["Tingkat"] == "Kelurahan"} == {KURIPAN_KERTOHARJO}
    assert book["Belum terjangkau"] and all(
        "*" in r["NIK kepala rumah tangga"] for r in book["Belum terjangkau"] if r["NIK kepala rumah tangga"]
    )
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert (entry.actor, entry.additional_data["purpose"]) == (persona("mentor_dindagkop"), "export")
