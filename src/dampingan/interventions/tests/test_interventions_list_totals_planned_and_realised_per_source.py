"""The list's totals per funding source equal the hand-added budget lines of the interventions it shows,
whatever filters are on, and no join counts a line twice."""

from decimal import Decimal

from django.urls import reverse

from dampingan.access.scope import Scope
from dampingan.interventions import queries, services

from .intervention_helpers import BANYURIP, KURIPAN_KERTOHARJO, MEDONO, company, plan


def _line(user, iv, source, planned, realised="0", partner=None):
    services.add_budget_line(
        user,
        iv,
        {"source": source, "year": iv.start_date.year, "planned": planned, "realised": realised, "partner": partner},
    )


def test_totals_per_source_add_up_the_lines_by_hand(persona, client_as):
    tkpk = persona("tkpk")
    pt = company(tkpk)
    # An intervention in two kelurahan: a join on kelurahan must not double its money.
    tempe = plan(tkpk, kelurahan=[KURIPAN_KERTOHARJO, BANYURIP])
    rehab = plan(tkpk, kelurahan=[MEDONO], title="Rehab RTLH", kind="rehab_rumah", strategy="kurangi_beban", cluster=1)
    _line(tkpk, tempe, "csr", "50.000.000", "20.000.000", pt)
    _line(tkpk, tempe, "apbd_kota", "10.000.000", "10.000.000")
    _line(tkpk, rehab, "apbd_kota", "30.000.000,50", "7.500.000")
    _line(tkpk, rehab, "apbn", "100.000.000")

    everything = queries.totals_by_source(queries.interventions(Scope.for_user(tkpk)))
    south = queries.totals_by_source(
        queries.interventions(Scope.for_user(tkpk), queries.InterventionFilters(kecamatan="33.75.04"))
    )

    assert [(r.source, r.planned, r.realised) for r in everything.rows] == [
        ("apbd_kota", Decimal("40000000.50"), Decimal("17500000")),
        ("apbn", Decimal("100000000"), Decimal("0")),
        ("csr", Decimal("50000000"), Decimal("20000000")),
    ]
    assert (everything.planned, everything.realised) == (Decimal("190000000.50"), Decimal("37500000"))
    assert (south.planned, south.realised) == (Decimal("60000000"), Decimal("30000000"))
    listed = {
        iv.pk: iv
        for iv in queries.interventions(Scope.for_user(tkpk), queries.InterventionFilters(kecamatan="33.75.04"))
    }
    assert list(listed) == [tempe.pk] and listed[tempe.pk].planned_total == Decimal("60000000")

    page = client_as("tkpk").get(reverse("interventions:intervention_list") + "?source=apbn")
    assert [iv.pk for iv in page.context["interventions"]] == [rehab.pk]
    assert "Rp 130.000.000,50" in page.content.decode()  # the APBN filter keeps all of rehab's purses


def test_filters_by_status_opd_and_strategy(persona):
    tkpk = persona("tkpk")
    tempe = plan(tkpk)
    rehab = plan(tkpk, title="Rehab RTLH", kind="rehab_rumah", strategy="kurangi_beban", cluster=1)
    services.change_status(tkpk, rehab, "dibatalkan")

    def found(**filters: str) -> list[int]:
        return [iv.pk for iv in queries.interventions(Scope.for_user(tkpk), queries.InterventionFilters(**filters))]

    assert found(status="dibatalkan") == [rehab.pk]
    assert found(strategy="tingkatkan_pendapatan") == [tempe.pk]
    assert found(cluster="1") == [rehab.pk]
    assert sorted(found(opd=str(tempe.lead_opd_id))) == sorted([tempe.pk, rehab.pk])
    assert found(kelurahan="33.75.04.1004") == []
