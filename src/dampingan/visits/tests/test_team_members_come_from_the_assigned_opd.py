"""The mentoring team of a kelurahan holds people of the OPD assigned to it, once each while active."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dampingan.regions.models import Region
from dampingan.visits import services
from dampingan.visits.models import TeamMember, TeamRole

from .conftest import JENGGOT


@pytest.fixture
def jenggot(pekalongan):
    return Region.objects.get(code=JENGGOT)


def test_the_mentor_adds_a_colleague_as_coordinator(persona, opd_user, jenggot):
    colleague = opd_user("DLH", "dlh.ketua")

    member = services.add_team_member(persona("mentor_dlh"), jenggot, colleague, TeamRole.KETUA)

    assert (member.opd.abbreviation, member.role, member.since) == ("DLH", "ketua", timezone.localdate())
    assert list(TeamMember.objects.of(JENGGOT).active()) == [member]


def test_a_member_of_another_opd_is_refused_in_indonesian(persona, opd_user, jenggot):
    outsider = opd_user("BPBD", "bpbd.satu")

    with pytest.raises(ValidationError) as refused:
        services.add_team_member(persona("tkpk"), jenggot, outsider)

    assert "bukan pengguna DLH" in " ".join(refused.value.messages)
    assert not TeamMember.objects.exists()


def test_the_same_person_cannot_be_added_twice_while_active(persona, opd_user, jenggot):
    colleague = opd_user("DLH", "dlh.dua")
    services.add_team_member(persona("mentor_dlh"), jenggot, colleague)

    with pytest.raises(ValidationError, match="sudah menjadi anggota tim"):
        services.add_team_member(persona("mentor_dlh"), jenggot, colleague)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            opd=colleague.opd, kelurahan=jenggot, user=colleague, since=timezone.localdate(), role=TeamRole.ANGGOTA
        )


def test_an_ended_membership_allows_joining_again(persona, opd_user, jenggot):
    today = timezone.localdate()
    colleague = opd_user("DLH", "dlh.tiga")
    member = services.add_team_member(persona("mentor_dlh"), jenggot, colleague, since=today - dt.timedelta(days=60))

    services.end_team_membership(persona("mentor_dlh"), member, until=today - dt.timedelta(days=10))
    with pytest.raises(ValidationError, match="sudah berakhir"):
        services.end_team_membership(persona("mentor_dlh"), member)
    again = services.add_team_member(persona("mentor_dlh"), jenggot, colleague)

    assert TeamMember.objects.filter(user=colleague).count() == 2
    assert again.until is None


def test_roles_without_the_capability_cannot_manage_the_team(persona, opd_user, jenggot, client_as):
    colleague = opd_user("DLH", "dlh.empat")

    with pytest.raises(PermissionDenied):
        services.add_team_member(persona("camat_selatan"), jenggot, colleague)
    response = client_as("camat_selatan").post(f"/kelurahan/{JENGGOT}/tim/", {"user": colleague.pk, "role": "anggota"})

    assert response.status_code == 403
    assert not TeamMember.objects.exists()


def test_the_team_page_adds_a_member_and_refuses_another_opds_user(client_as, opd_user):
    colleague, outsider = opd_user("DLH", "dlh.lima"), opd_user("BPBD", "bpbd.dua")
    client = client_as("mentor_dlh")

    added = client.post(f"/kelurahan/{JENGGOT}/tim/", {"user": colleague.pk, "role": "ketua"})
    refused = client.post(f"/kelurahan/{JENGGOT}/tim/", {"user": outsider.pk, "role": "anggota"})

    assert added.status_code == 302
    assert refused.status_code == 422
    assert list(TeamMember.objects.values_list("user__username", flat=True)) == ["dlh.lima"]
    assert 'data-member="dlh.lima"' in client_as("viewer").get(f"/kelurahan/{JENGGOT}/tim/").content.decode()
