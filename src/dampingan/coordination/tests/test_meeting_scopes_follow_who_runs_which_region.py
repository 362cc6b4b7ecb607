"""Who sees and who runs which meeting: the camat its kecamatan's Catur Pilar, the lurah its musyawarah, the
TKPK admin everything; a mentor sees the Catur Pilar of its kelurahan's kecamatan but cannot run it. Out of
scope answers 404, a missing right 403, on the pages and in the services alike."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from dampingan.coordination import meetings
from dampingan.coordination.models import Meeting, MeetingKind

from .meeting_helpers import (
    BANYURIP,
    BARAT,
    JENGGOT,
    SELATAN,
    barat_catur_pilar,
    catur_pilar,
    meeting_data,
    musyawarah,
    rakor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(persona):
    """A Catur Pilar of Selatan, one of Barat, a musyawarah of Banyurip and one of Jenggot, the Rakor TKPK."""
    return {
        "selatan": catur_pilar(persona("camat_selatan")),
        "barat": barat_catur_pilar(persona("tkpk")),
        "banyurip": musyawarah(persona("lurah_banyurip")),
        "jenggot": musyawarah(persona("tkpk"), JENGGOT),
        "rakor": rakor(persona("tkpk")),
    }


def _listed(client) -> set[str]:
    response = client.get(reverse("coordination:meeting_list"))
    assert response.status_code == 200
    return {m.title + ("" if m.region_id != JENGGOT else " Jenggot") for m in response.context["page"]}


def test_the_camat_records_the_catur_pilar_of_its_own_kecamatan_only(persona):
    camat = persona("camat_selatan")

    mine = catur_pilar(camat)
    with pytest.raises(ValidationError) as other:
        meetings.create_meeting(camat, meeting_data(BARAT, MeetingKind.CATUR_PILAR), [])
    with pytest.raises(ValidationError) as village:
        meetings.create_meeting(camat, meeting_data(BANYURIP, MeetingKind.MUSYAWARAH_KELURAHAN), [])

    assert mine.region_id == SELATAN
    assert other.value.message_dict["region"] == ["Anda tidak dapat mengadakan rapat untuk Pekalongan Barat."]
    assert village.value.message_dict["region"] == ["Anda tidak dapat mengadakan rapat untuk Banyurip."]
    assert Meeting.objects.count() == 1


def test_the_lurah_records_its_musyawarah_but_not_the_catur_pilar(persona):
    lurah = persona("lurah_banyurip")

    mine = musyawarah(lurah)
    with pytest.raises(ValidationError) as kecamatan:
        meetings.create_meeting(lurah, meeting_data(SELATAN, MeetingKind.CATUR_PILAR), [])
    with pytest.raises(ValidationError) as neighbour:
        musyawarah(lurah, JENGGOT)

    assert mine.region_id == BANYURIP
    assert "Pekalongan Selatan" in kecamatan.value.message_dict["region"][0]
    assert "Jenggot" in neighbour.value.message_dict["region"][0]


def test_the_tkpk_admin_records_every_level(persona):
    tkpk = persona("tkpk")

    made = [rakor(tkpk), barat_catur_pilar(tkpk), musyawarah(tkpk, JENGGOT)]

    assert [m.region_id for m in made] == ["33.75", BARAT, JENGGOT]


def test_a_mentor_sees_the_catur_pilar_of_its_kecamatan_but_may_not_run_it(held, client_as, persona):
    mentor = client_as("mentor_dlh")
    selatan = held["selatan"]

    assert mentor.get(reverse("coordination:meeting_detail", args=[selatan.pk])).status_code == 200
    assert mentor.get(reverse("coordination:meeting_edit", args=[selatan.pk])).status_code == 403
    assert mentor.post(reverse("coordination:decision_create", args=[selatan.pk]), {"text": "x"}).status_code == 403
    assert mentor.get(reverse("coordination:meeting_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        meetings.add_decision(persona("mentor_dlh"), selatan, "Keputusan")
    assert not selatan.decisions.exists()


def test_a_lurah_sees_its_kecamatans_catur_pilar_but_may_not_change_it(held, client_as):
    response = client_as("lurah_banyurip").post(
        reverse("coordination:meeting_minutes", args=[held["selatan"].pk]), {"minutes": "Diubah lurah"}
    )

    assert response.status_code == 403
    assert Meeting.objects.get(pk=held["selatan"].pk).minutes == ""


def test_meetings_out_of_scope_are_not_found(held, client_as, persona):
    camat, lurah, mentor = client_as("camat_selatan"), client_as("lurah_banyurip"), client_as("mentor_dlh")

    assert camat.get(reverse("coordination:meeting_detail", args=[held["barat"].pk])).status_code == 404
    assert camat.get(reverse("coordination:meeting_edit", args=[held["barat"].pk])).status_code == 404
    assert lurah.get(reverse("coordination:meeting_detail", args=[held["jenggot"].pk])).status_code == 404
    assert mentor.get(reverse("coordination:meeting_detail", args=[held["banyurip"].pk])).status_code == 404
    assert mentor.get(reverse("coordination:meeting_ics", args=[held["banyurip"].pk])).status_code == 404
    with pytest.raises(Http404):
        meetings.write_minutes(persona("camat_selatan"), held["barat"], "x")


def test_each_list_holds_what_its_reader_may_see(held, client_as):
    assert _listed(client_as("tkpk")) == {
        "Catur Pilar Kecamatan Pekalongan Selatan 2022",
        "Catur Pilar Kecamatan Pekalongan Barat",
        "Musyawarah Kelurahan",
        "Musyawarah Kelurahan Jenggot",
        "Rakor TKPK 2025",
    }
    # The camat: its kecamatan's meetings, the musyawarah of its kelurahan, the city's rakor.
    assert _listed(client_as("camat_selatan")) == {
        "Catur Pilar Kecamatan Pekalongan Selatan 2022",
        "Musyawarah Kelurahan",
        "Musyawarah Kelurahan Jenggot",
        "Rakor TKPK 2025",
    }
    assert _listed(client_as("lurah_banyurip")) == {
        "Catur Pilar Kecamatan Pekalongan Selatan 2022",
        "Musyawarah Kelurahan",
        "Rakor TKPK 2025",
    }
    assert _listed(client_as("mentor_dlh")) == {
        "Catur Pilar Kecamatan Pekalongan Selatan 2022",
        "Musyawarah Kelurahan Jenggot",
        "Rakor TKPK 2025",
    }


def test_the_viewer_reads_the_city_meeting_and_runs_nothing(held, client_as):
    viewer = client_as("viewer")

    assert "Rakor TKPK 2025" in _listed(viewer)
    assert viewer.get(reverse("coordination:meeting_detail", args=[held["rakor"].pk])).status_code == 200
    assert viewer.get(reverse("coordination:meeting_create")).status_code == 403
    assert viewer.get(reverse("coordination:meeting_attendance", args=[held["rakor"].pk])).status_code == 403
    assert viewer.get(reverse("coordination:meeting_attendance_pdf", args=[held["rakor"].pk])).status_code == 200


def test_the_camat_may_not_edit_the_city_rakor_it_can_read(held, client_as):
    camat = client_as("camat_selatan")

    assert camat.get(reverse("coordination:meeting_detail", args=[held["rakor"].pk])).status_code == 200
    assert camat.get(reverse("coordination:meeting_edit", args=[held["rakor"].pk])).status_code == 403


def test_the_form_offers_only_the_regions_the_user_may_run(client_as):
    camat_form = client_as("camat_selatan").get(reverse("coordination:meeting_create")).context["form"]
    lurah_form = client_as("lurah_banyurip").get(reverse("coordination:meeting_create")).context["form"]

    assert [r.code for r in camat_form.fields["region"].queryset] == [SELATAN]
    assert [r.code for r in lurah_form.fields["region"].queryset] == [BANYURIP]
    # One region to run: chosen already, with the type held there.
    assert (camat_form["region"].value(), camat_form["kind"].value()) == (SELATAN, "catur_pilar")
    assert (lurah_form["region"].value(), lurah_form["kind"].value()) == (BANYURIP, "musyawarah_kelurahan")
