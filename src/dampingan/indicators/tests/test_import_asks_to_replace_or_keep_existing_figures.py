"""An import meeting figures that already exist asks once whether to replace or keep them, shows old beside
new, and writes everything or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from dampingan.indicators import imports, services
from dampingan.indicators.models import IndicatorImport, IndicatorTarget, IndicatorValue

from .conftest import BPS_2021, csv_bytes, xlsx_bytes

CITY = "33.75"
# The demo holds P0 2021 = 7.59 and P0 2020 = 7.17 for the city; the file brings a different 2021
# figure, the same 2020 figure with a new source, and a new kecamatan figure.
ROWS = [
    [CITY, 2021, "P0", "realisasi", "7,60", "BPS Kota Pekalongan, rilis revisi", "angka revisi"],
    ["33.75.04", 2021, "P0", "realisasi", "8,1", "BPS Kota Pekalongan (estimasi kecamatan)", ""],
    ["33.75.04", 2026, "P0", "target", "6", "RPJMD Kota Pekalongan 2025-2029", ""],
]


def p0(region: str, year: int) -> IndicatorValue:
    return IndicatorValue.objects.get(indicator_id="P0", region_id=region, year=year)


def test_the_plan_shows_the_existing_value_beside_the_new_one(pekalongan):
    plan = imports.plan_import(xlsx_bytes(ROWS), "revisi.xlsx")

    assert plan.ok, [str(e) for e in plan.errors]
    assert [(r.row, r.old_value_shown, r.value_shown) for r in plan.conflicts] == [(2, "7,59", "7,60")]
    assert [(r.region.code, r.kind) for r in plan.new] == [("33.75.04", "realisasi"), ("33.75.04", "target")]


def test_keep_leaves_the_existing_value_and_adds_the_new_ones(pekalongan, tkpk):
    record = services.import_figures(tkpk, xlsx_bytes(ROWS), "revisi.xlsx", on_conflict="keep", expected_conflicts=1)

    assert p0(CITY, 2021).value == Decimal("7.59")
    assert p0(CITY, 2021).source == BPS_2021
    assert p0("33.75.04", 2021).value == Decimal("8.1")
    assert IndicatorTarget.objects.get(indicator_id="P0", region_id="33.75.04", year=2026).value == 6
    assert (record.created_count, record.replaced_count, record.kept_count) == (2, 0, 1)
    assert record.on_conflict == "keep" and record.imported_by == tkpk


def test_replace_writes_the_file_value_and_the_audit_log_keeps_the_old_one(pekalongan, tkpk):
    old = p0(CITY, 2021)

    record = services.import_figures(tkpk, xlsx_bytes(ROWS), "revisi.xlsx", on_conflict="replace")

    new = p0(CITY, 2021)
    assert new.pk == old.pk and new.value == Decimal("7.6") and new.note == "angka revisi"
    assert new.source_import == record and (record.created_count, record.replaced_count) == (2, 1)
    entry = LogEntry.objects.get_for_object(new).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == tkpk and entry.changes_dict["value"][0].startswith("7.59")


def test_without_a_choice_nothing_is_written(pekalongan, tkpk):
    counts = (IndicatorValue.objects.count(), IndicatorTarget.objects.count(), IndicatorImport.objects.count())

    with pytest.raises(ValidationError) as refused:
        services.import_figures(tkpk, xlsx_bytes(ROWS), "revisi.xlsx")

    assert "mengganti atau mempertahankannya" in refused.value.message_dict["on_conflict"][0]
    assert (IndicatorValue.objects.count(), IndicatorTarget.objects.count(), IndicatorImport.objects.count()) == counts


def test_a_figure_entered_after_the_preview_stops_the_import(pekalongan, tkpk):
    plan = imports.plan_import(xlsx_bytes(ROWS), "revisi.xlsx")
    # Meanwhile someone enters the kecamatan's 2021 figure with another value.
    services.import_figures(tkpk, csv_bytes([["33.75.04", 2021, "P0", "realisasi", "8,3", "BPS", ""]]), "satu.csv")

    with pytest.raises(ValidationError, match="berubah sejak pratinjau"):
        services.import_figures(
            tkpk, xlsx_bytes(ROWS), "revisi.xlsx", on_conflict="keep", expected_conflicts=len(plan.conflicts)
        )
    assert not IndicatorTarget.objects.filter(region_id="33.75.04").exists()


def test_identical_rows_are_counted_unchanged_and_not_rewritten(pekalongan, tkpk):
    same = [[CITY, 2021, "P0", "realisasi", "7,59", BPS_2021, p0(CITY, 2021).note]]
    before = LogEntry.objects.count()

    record = services.import_figures(tkpk, csv_bytes(same), "sama.csv")

    assert (record.created_count, record.replaced_count, record.unchanged_count) == (0, 0, 1)
    assert LogEntry.objects.count() == before + 1  # the import record itself, no figure touched


def test_only_the_tkpk_admin_imports(pekalongan, persona):
    for key in ("camat_selatan", "mentor_dlh", "operator", "viewer", "lurah_banyurip"):
        with pytest.raises(PermissionDenied):
            services.import_figures(persona(key), csv_bytes([ROWS[1]]), "a.csv")
    assert not IndicatorValue.objects.filter(region_id="33.75.04").exists()


def test_the_upload_page_previews_then_imports_with_the_choice(pekalongan, client_as):
    client = client_as("tkpk")
    upload = client.post(
        "/indikator/impor/",
        {"action": "preview", "file": _file(xlsx_bytes(ROWS), "revisi.xlsx")},
    )
    html = upload.content.decode()
    token = upload.context["confirm"].initial["token"]

    assert upload.status_code == 200
    assert 'id="import-conflicts"' in html and "7,59" in html and "7,60" in html
    assert not IndicatorValue.objects.filter(region_id="33.75.04").exists()

    without_choice = client.post("/indikator/impor/", {"action": "confirm", "token": token, "expected_conflicts": 1})
    assert without_choice.status_code == 422 and "mengganti atau mempertahankannya" in without_choice.content.decode()

    done = client.post(
        "/indikator/impor/", {"action": "confirm", "token": token, "expected_conflicts": 1, "on_conflict": "replace"}
    )
    assert done.status_code == 302
    assert p0(CITY, 2021).value == Decimal("7.6") and p0("33.75.04", 2021).value == Decimal("8.1")


def test_the_upload_page_shows_errors_by_row_and_offers_no_import(pekalongan, client_as):
    bad = [[CITY, 2019, "P0", "realisasi", "150", "BPS", ""]]

    page = client_as("tkpk").post("/indikator/impor/", {"action": "preview", "file": _file(csv_bytes(bad), "x.csv")})

    html = page.content.decode()
    assert page.status_code == 422
    assert 'data-row="2" data-column="nilai"' in html and "tidak boleh di atas 100" in html
    assert 'id="confirm-form"' not in html


def test_the_template_downloads_as_xlsx_and_imports_cleanly(pekalongan, client_as, tkpk):
    response = client_as("viewer").get("/indikator/impor/templat/")
    plan = imports.plan_import(response.content, "templat-indikator.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert plan.ok and {(r.indicator.code, r.status) for r in plan.rows} == {("P0", "conflict"), ("TPT", "conflict")}


def _file(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
