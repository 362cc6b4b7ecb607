"""A NIK or No KK masked for a reader keeps its region part and last two digits, the same in a page (one value)
and in an export (a polars column); a model instance masked for showing cannot be saved, so a mask never
reaches the database."""

import polars as pl
import pytest

from dampingan.access.personal import Disclosure, mask_identifier
from dampingan.regions.models import Region

MASKED = Disclosure(full_identifiers=False)
WHOLE = Disclosure(full_identifiers=True)
VALUES = ["3375014107850012", "", None, "12345", "3375O14107850012"]


def test_a_nik_keeps_its_region_and_last_two_digits():
    assert mask_identifier("3375014107850012") == "337501********12"
    assert mask_identifier("12345") == "*****"  # not a NIK: hidden whole
    assert mask_identifier("") == "" and mask_identifier(None) is None
    assert mask_identifier("337501********12") == "337501********12"  # masking twice changes nothing


def test_an_export_masks_as_a_page_does():
    frame = pl.DataFrame({"nik": VALUES, "name": ["a", "b", "c", "d", "e"]})

    masked = MASKED.frame(frame, "nik")

    assert masked["nik"].to_list() == [mask_identifier(v) for v in VALUES]
    assert masked["name"].to_list() == frame["name"].to_list()
    assert WHOLE.frame(frame, "nik").equals(frame)


@pytest.mark.django_db
def test_an_instance_masked_for_showing_cannot_be_saved():
    region = Region(code="33.75.01.1001", name="3375014107850012", level=4)
    WHOLE.mask_fields([region], "name")
    assert region.name == "3375014107850012"

    MASKED.mask_fields([region], "name")

    assert region.name == "337501********12"
    with pytest.raises(ValueError, match="masked identifiers"):
        region.save()
    assert not Region.objects.filter(code="33.75.01.1001", name="337501********12").exists()
