"""Maker-checker for macro indicators: a figure entered, imported or changed reaches
the public page and the public API only after a TKPK administrator other than the one who entered it approves it,
as a registry release does. Signed-in pages show it at once, marked as awaiting approval."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dampingan.indicators import services
from dampingan.indicators.models import IndicatorTarget, IndicatorValue
from dampingan.regions.models import Region

from .conftest import xlsx_bytes

CITY = "33.75"


@pytest.fixture
def persona(persona):
    """The demo personas, and the demo's second TKPK administrator (Bapperida's data officer)."""
    from dampingan.accounts.models import User

    return lambda key: User.objects.get(username="staf.bapperida") if key == "staf_bapperida" else persona(key)


@pytest.fixture
def client_as(persona):
    from django.test import Client

    def make(key: str) -> Client:
        client = Client()
        client.force_login(persona(key))
        return client

    return make


def p0_2025(persona, by: str = "tkpk", value: str = "6,52"):
    return services.save_figure(
        persona(by),
        services.FigureInput(
            kind="realisasi",
            indicator=IndicatorValue._meta.get_field("indicator").related_model.objects.get(code="P0"),
            region=Region.objects.get(code=CITY),
            year=2025,
            value=value,
            source="BPS Kota Pekalongan, Susenas Maret 2025",
        ),
        replace=True,
    )


def public_p0(client) -> tuple[object, object]:
    """The latest P0 year on the public page's JSON and whether 2025 appears in its series."""
    summary = client.get("/api/public/summary").json()
    p0 = next(row for row in summary["indicators"] if row["code"] == "P0")
    return p0["year"], [p["value"] for p in summary["p0_series"] if p["year"] == 2025]


def test_a_figure_entered_on_the_page_waits_for_another_admin_before_the_public_sees_it(client, client_as, pekalongan):
    tkpk = client_as("tkpk")
    form = {"kind": "realisasi", "indicator": "P0", "region": CITY, "year": "2025", "value": "6,52",
            "source": "BPS Kota Pekalongan, Susenas Maret 2025", "note": ""}  # fmt: skip

    saved = tkpk.post(reverse("indicators:entry"), form, follow=True)

    assert "setelah admin TKPK lain menyetujuinya" in saved.content.decode()
    figure = IndicatorValue.objects.get(indicator_id="P0", region_id=CITY, year=2025)
    assert figure.approved_at is None
    assert public_p0(client) == (2024, [None])  # the public still reads 2024; 2025 has its target only
    assert "6,52" not in client.get("/publik/").content.decode()
    overview = tkpk.get(reverse("indicators:index")).content.decode()
    assert "menunggu persetujuan" in overview and f'data-pending="realisasi-{figure.pk}"' in overview

    own = tkpk.post(reverse("indicators:approve"), {"figure": f"realisasi-{figure.pk}"}, follow=True)

    assert "Anda sendiri yang memasukkan" in own.content.decode()
    assert IndicatorValue.objects.get(pk=figure.pk).approved_at is None

    other = client_as("staf_bapperida").post(reverse("indicators:approve"), {"figure": f"realisasi-{figure.pk}"})

    assert other.status_code == 302
    approved = IndicatorValue.objects.get(pk=figure.pk)
    assert approved.approved_by.username == "staf.bapperida" and approved.approved_at is not None
    assert public_p0(client) == (2025, ["6.5200"])
    assert LogEntry.objects.get_for_object(approved).filter(actor__username="staf.bapperida").exists()


def test_a_change_to_a_published_figure_waits_again_and_its_maker_is_who_changed_it(persona, pekalongan):
    figure = p0_2025(persona)
    services.approve_figures(persona("staf_bapperida"), [figure])

    changed = p0_2025(persona, by="staf_bapperida", value="6,49")

    assert changed.approved_at is None and changed.entered_by.username == "staf.bapperida"
    with pytest.raises(ValidationError):
        services.approve_figures(persona("staf_bapperida"), [changed])
    assert services.approve_figures(persona("tkpk"), [changed]) == 1
    assert IndicatorValue.objects.get(pk=changed.pk).value == Decimal("6.49")


def test_figures_of_an_import_wait_for_approval_and_unchanged_rows_keep_theirs(persona, pekalongan):
    kept = IndicatorValue.objects.get(indicator_id="P0", region_id=CITY, year=2024)
    rows = [
        [CITY, 2024, "P0", "realisasi", float(kept.value), kept.source, kept.note],  # identical: left as it is
        [CITY, 2025, "P0", "realisasi", 6.52, "BPS Kota Pekalongan, Susenas Maret 2025", ""],
        [CITY, 2027, "P0", "target", 5.60, "RPJMD Kota Pekalongan 2025-2029", ""],
    ]

    services.import_figures(persona("tkpk"), xlsx_bytes(rows), "p0-2025.xlsx")

    assert IndicatorValue.objects.get(pk=kept.pk).approved_at is not None
    assert IndicatorValue.objects.get(indicator_id="P0", year=2025).approved_at is None
    assert IndicatorTarget.objects.get(indicator_id="P0", year=2027).approved_at is None


def test_only_tkpk_administrators_approve_and_the_database_refuses_a_maker_approving(persona, pekalongan):
    figure = p0_2025(persona)

    with pytest.raises(PermissionDenied):
        services.approve_figures(persona("operator"), [figure])
    figure.approved_by, figure.approved_at = persona("tkpk"), figure.entered_at
    with pytest.raises(ValidationError):
        figure.full_clean()


def test_the_demo_publishes_its_figures_but_one_target_awaits_the_checker(pekalongan):
    waiting = list(IndicatorTarget.objects.pending()) + list(IndicatorValue.objects.pending())

    assert [(f.indicator_id, f.year) for f in waiting] == [("P0", 2026)]
    assert waiting[0].entered_by.username == "staf.bapperida"
    assert not IndicatorValue.objects.pending().exists()
    assert set(IndicatorValue.objects.values_list("approved_by__username", flat=True)) == {"tkpk"}
