"""The poverty measures page: areas of the user's scope, the cutoff chosen on the page, no personal data."""

import re

from dampingan.registry.models import Member

BANYURIP = "33.75.04.1002"


def _poor_households(html: str) -> int:
    return int(re.search(r'data-measure="H">[^<]*</strong><br>\s*<small>(\d+)', html).group(1))


def test_a_lurah_sees_its_kelurahan_only_and_no_names(client_as, registry):
    html = client_as("lurah_banyurip").get("/ukuran-kemiskinan/").content.decode()

    assert set(re.findall(r'<tr data-area="([^"]+)"', html)) == {BANYURIP}
    assert "Ukuran kemiskinan" in html
    names = Member.objects.filter(release=registry, kelurahan_id=BANYURIP).values_list("name", flat=True)
    assert not any(f">{name}<" in html for name in names)


def test_the_tkpk_ranks_kecamatan_and_a_higher_cutoff_finds_fewer_poor(client_as, registry):
    client = client_as("tkpk")

    kecamatan = client.get("/ukuran-kemiskinan/", {"level": "kecamatan"}).content.decode()
    third = client.get("/ukuran-kemiskinan/", {"k": "1/3"}).content.decode()
    half = client.get("/ukuran-kemiskinan/", {"k": "1/2"}).content.decode()

    assert len(re.findall(r'<tr data-area="33\.75\.0\d"', kecamatan)) == 8  # MPI and desil tables, 4 each
    assert _poor_households(third) > _poor_households(half)


def test_an_unknown_cutoff_falls_back_to_one_third(client_as, registry):
    response = client_as("viewer").get("/ukuran-kemiskinan/", {"k": "7/3", "unit": "person"})

    assert response.status_code == 200
    assert 'value="1/3" selected' in response.content.decode()


def test_without_a_release_the_page_says_so(client_as, pekalongan):
    html = client_as("tkpk").get("/ukuran-kemiskinan/").content.decode()

    assert "mpi-table" not in html


def test_each_release_has_its_measures_on_the_page(client_as, registry, persona):
    # The MPI of every release, not only the current one; a lurah reads its own kelurahan in each.
    import datetime as dt

    import polars as pl
    from lxml import html as lxml_html

    from dampingan.registry import imports, services
    from dampingan.registry.synth import synth_registry

    # The registry fixture's people a year on, without its poorest households (they left the registry).
    better = synth_registry(1500, "33.75", seed=4).filter(pl.col("Desil").cast(pl.Int8) > 3)
    plan = imports.plan_import(better.write_csv().encode(), "dtks_2026.csv")
    newer = imports.run_import(persona("operator"), plan, source="dtks", data_date=dt.date(2026, 3, 31))
    services.approve_release(persona("tkpk"), newer, sk_number="DEMO/2", sk_date=dt.date(2026, 4, 6))

    client = client_as("lurah_banyurip")
    pages = {
        release.pk: lxml_html.fromstring(client.get("/ukuran-kemiskinan/", query).content)
        for release, query in ((newer, {}), (registry, {"release": registry.pk}))
    }

    def shown(page) -> tuple[str, str]:
        chosen = page.xpath('//select[@name="release"]/option[@selected]')[0].get("value")
        return chosen, page.get_element_by_id("mpi-total").xpath('.//*[@data-measure="H"]')[0].text_content()

    (new_choice, new_h), (old_choice, old_h) = shown(pages[newer.pk]), shown(pages[registry.pk])
    assert (new_choice, old_choice) == (str(newer.pk), str(registry.pk))  # the current one by default
    assert new_h != old_h
    options = pages[newer.pk].xpath('//select[@name="release"]/option/@value')
    assert options == [str(newer.pk), str(registry.pk)]
