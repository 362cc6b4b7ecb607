"""The demo loads Kota Pekalongan's BPS series (docs/domain.md §2) with sources, and illustrative
targets labelled as such; loading it again changes nothing."""

from __future__ import annotations

from decimal import Decimal

from dampingan.accounts.models import User
from dampingan.indicators.demo import ILLUSTRATIVE, load_indicator_demo
from dampingan.indicators.models import IndicatorTarget, IndicatorValue

# docs/domain.md §2, copied here by hand so that a typo in demo.py cannot pass.
P0 = {
    2015: "8.09",
    2016: "7.92",
    2017: "7.47",
    2018: "6.75",
    2019: "6.60",
    2020: "7.17",
    2021: "7.59",
    2022: "7.00",
    2023: "6.81",
    2024: "6.71",
}


def values(code: str) -> dict[int, Decimal]:
    return dict(IndicatorValue.objects.filter(indicator_id=code, region_id="33.75").values_list("year", "value"))


def test_the_p0_series_2015_to_2024_is_complete_with_targets(pekalongan):
    targets = dict(IndicatorTarget.objects.filter(indicator_id="P0", region_id="33.75").values_list("year", "value"))

    assert values("P0") == {year: Decimal(v) for year, v in P0.items()}
    assert set(range(2015, 2025)) <= set(targets)
    assert set(IndicatorTarget.objects.values_list("source", flat=True)) == {ILLUSTRATIVE}
    assert all("Bukan angka RPJMD resmi" in n for n in IndicatorTarget.objects.values_list("note", flat=True))


def test_the_other_published_figures_and_seed_001(pekalongan):
    assert values("JML_MISKIN") == {2018: 20520, 2019: 20210, 2020: 22160, 2024: 21160}
    assert values("GK") == {2019: 425026, 2020: 502031}
    assert values("P1") == {2020: Decimal("1.28")} and values("P2") == {2020: Decimal("0.30")}
    assert values("TPT") == {2021: Decimal("6.09"), 2022: Decimal("4.98"), 2023: Decimal("5.02"), 2024: Decimal("4.91")}
    assert values("PE") == {2021: Decimal("3.59"), 2024: Decimal("5.34")}
    # No figure the sources do not give: no Gini, IPM or population, no filled-in years.
    assert values("GINI") == values("IPM") == values("PENDUDUK") == {}


def test_every_figure_names_its_source_and_seed_001_is_cited(pekalongan):
    p0_2021 = IndicatorValue.objects.get(indicator_id="P0", region_id="33.75", year=2021)

    assert not IndicatorValue.objects.filter(source="").exists()
    assert p0_2021.source == "BPS Kota Pekalongan, Susenas Maret 2021"
    assert "Catur Pilar Kecamatan Pekalongan Selatan, 7 Juli 2022" in p0_2021.note


def test_a_second_load_adds_nothing_and_keeps_a_corrected_figure(pekalongan):
    figure = IndicatorValue.objects.get(indicator_id="P0", region_id="33.75", year=2016)
    figure.value = Decimal("7.93")
    figure.save()
    count = IndicatorValue.objects.count() + IndicatorTarget.objects.count()

    added = load_indicator_demo(User.objects.get(username="staf.bapperida"), User.objects.get(username="tkpk"))

    assert added == []
    assert IndicatorValue.objects.count() + IndicatorTarget.objects.count() == count
    assert IndicatorValue.objects.get(pk=figure.pk).value == Decimal("7.93")
