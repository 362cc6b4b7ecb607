"""The scope of a region-bound role comes from the app that keeps the fact (accounts for the camat and the
lurah, mentoring for the OPD mentor), registered at start-up; without a source a role covers nothing."""

import pytest

from dampingan.access import scope as scope_module
from dampingan.access.roles import CITY_WIDE_ROLES, Role
from dampingan.access.scope import Scope, regional_roles_without_source, register_region_source

JENGGOT = "33.75.04.1004"


def test_every_region_bound_role_has_a_source_once_the_apps_are_ready():
    assert regional_roles_without_source() == set()
    assert {r for r in Role if r not in CITY_WIDE_ROLES} == {Role.CAMAT, Role.LURAH, Role.OPD_MENTOR}


@pytest.mark.django_db
def test_the_mentor_covers_the_kelurahan_of_the_decree_in_force(persona):
    assert Scope._build(persona("mentor_dlh")).region_codes == {JENGGOT}


@pytest.mark.django_db
def test_a_role_without_a_source_covers_nothing(persona, monkeypatch):
    monkeypatch.delitem(scope_module._REGION_SOURCES, Role.OPD_MENTOR)
    mentor = Scope._build(persona("mentor_dlh"))
    assert mentor.region_codes == frozenset() and not mentor.covers(JENGGOT)
    assert regional_roles_without_source() == {Role.OPD_MENTOR}


def test_a_city_wide_role_takes_no_source():
    with pytest.raises(ValueError, match="city-wide"):
        register_region_source(Role.VIEWER, lambda user: ())
