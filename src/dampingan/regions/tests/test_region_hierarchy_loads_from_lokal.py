import pytest
from django.core.management import call_command

from dampingan.regions.models import BpsRegionCode, Region, RegionDataset
from dampingan.regions.services import load_bps_codes, load_regions

pytestmark = pytest.mark.django_db

PEKALONGAN_VILLAGES = {
    "33.75.01": ["1002", "1003", "1004", "1006", "1008", "1009", "1012"],
    "33.75.02": ["1002", "1004", "1007", "1008", "1009", "1010", "1012"],
    "33.75.03": ["1002", "1003", "1004", "1006", "1007", "1009", "1010"],
    "33.75.04": ["1002", "1003", "1004", "1006", "1008", "1010"],
}


def test_kota_pekalongan_has_its_4_kecamatan_and_27_kelurahan_with_kemendagri_codes():
    load_regions(["33.75"])

    kecamatan = Region.objects.within("33.75").kecamatan()
    assert sorted(kecamatan.values_list("code", flat=True)) == sorted(PEKALONGAN_VILLAGES)
    for kec, suffixes in PEKALONGAN_VILLAGES.items():
        codes = sorted(Region.objects.within(kec).villages().values_list("code", flat=True))
        assert codes == [f"{kec}.{s}" for s in suffixes]
    jenggot = Region.objects.get(code="33.75.04.1004")
    assert (jenggot.name, jenggot.kind, jenggot.parent.name) == ("Jenggot", "kelurahan", "Pekalongan Selatan")
    assert Region.objects.get(code="33.75").parent_id == "33"
    assert not Region.objects.filter(code="33.75.03.1001").exists()  # codes have gaps


def test_loading_twice_changes_nothing_and_records_provenance():
    first = load_regions(["33.75"])
    second = load_regions(["33.75"])

    assert first.changed == first.total > 30
    assert second.changed == 0
    dataset = RegionDataset.objects.get()
    assert dataset.regulation.startswith("Kepmendagri")
    assert dataset.changed_count == 0


def test_a_renamed_region_is_corrected_by_the_next_load():
    load_regions(["33.75"])
    Region.objects.filter(code="33.75.04.1010").update(name="Duwet")

    result = load_regions(["33.75"])

    assert result.changed == 1
    assert Region.objects.get(code="33.75.04.1010").name == "Sokoduwet"


def test_kabupaten_pekalongan_holds_desa_as_well_as_kelurahan():
    load_regions(["33.26"])

    kinds = set(Region.objects.within("33.26").villages().values_list("kind", flat=True))
    assert kinds == {"desa", "kelurahan"}
    assert Region.objects.within("33.26").kecamatan().count() == 19


def test_unknown_root_code_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match=r"99\.99"):
        load_regions(["99.99"])
    assert not Region.objects.exists()


def test_bps_kecamatan_codes_map_by_table_not_by_digits():
    load_regions(["33.75"])
    load_bps_codes(within=["33.75"])

    assert BpsRegionCode.objects.get(bps_code="3375030").region.name == "Pekalongan Selatan"
    assert BpsRegionCode.objects.get(bps_code="3375040").region.name == "Pekalongan Utara"


def test_management_command_loads_the_given_region(capsys):
    call_command("load_regions", "33.75")

    assert "Kepmendagri" in capsys.readouterr().out
    assert Region.objects.within("33.75").villages().count() == 27
