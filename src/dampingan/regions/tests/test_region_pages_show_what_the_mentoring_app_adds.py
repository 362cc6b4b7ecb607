"""The region pages show the OPD that mentors each kelurahan, contributed by the mentoring app through the
page's registered sections and columns (the regions app imports no higher app)."""

import re

import pytest
from django.urls import reverse

from dampingan.mentoring.models import Assignment

JENGGOT = "33.75.04.1004"
KECAMATAN = "33.75.04"


@pytest.mark.django_db
def test_the_village_list_names_each_kelurahan_s_mentor_with_a_link(client_as):
    html = client_as("tkpk").get("/wilayah/").content.decode()
    line = Assignment.objects.in_force().select_related("opd").get(kelurahan_id=JENGGOT)
    row = re.search(rf'<tr data-region="{re.escape(JENGGOT)}">(.*?)</tr>', html, re.S).group(1)
    assert f'<a href="{reverse("mentoring:opd_detail", args=[line.opd_id])}">{line.opd.abbreviation}</a>' in row
    assert "<th>OPD pendamping</th>" in html  # the column's header, in the page's language


@pytest.mark.django_db
def test_a_kelurahan_page_shows_its_mentor_and_a_kecamatan_page_does_not(client_as):
    client = client_as("tkpk")
    line = Assignment.objects.in_force().select_related("opd").get(kelurahan_id=JENGGOT)
    kelurahan = client.get(f"/wilayah/{JENGGOT}/").content.decode()
    assert f'data-mentor="{line.opd.abbreviation}"' in kelurahan
    kecamatan = client.get(f"/wilayah/{KECAMATAN}/").content.decode()
    assert "data-mentor=" not in kecamatan
    assert "Kelurahan dan desa" in kecamatan and f"/wilayah/{JENGGOT}/" in kecamatan


@pytest.mark.django_db
def test_the_contributed_column_follows_each_request_s_language(client_as):
    # The column is registered once at start-up; its header is a lazy translation, read in the reader's language.
    client = client_as("tkpk")
    indonesian = client.get("/wilayah/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/wilayah/"})
    english = client.get("/wilayah/")
    assert (indonesian.status_code, english.status_code) == (200, 200)
    assert "<th>OPD pendamping</th>" in indonesian.content.decode()
    assert "<th>Mentoring OPD</th>" in english.content.decode()
