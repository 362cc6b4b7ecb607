"""A request builds its reader's scope once and passes it on (docs/adr/0009-one-scope-per-request.md): the home
page, the dashboard and an API list cross many apps, and a scope rebuilt on the way costs the mentor's
assignment query each time and could differ from the one the page was checked with."""

import pytest

from dampingan.access.scope import Scope

pytestmark = pytest.mark.django_db

PAGES = ["/", "/dasbor/", "/intervensi/", "/rapat/", "/api/interventions/", "/api/dashboard/ranking"]


@pytest.fixture
def builds(monkeypatch):
    built = []
    original = Scope._build.__func__

    def counting(cls, user):
        built.append(user.username if user.is_authenticated else None)
        return original(cls, user)

    monkeypatch.setattr(Scope, "_build", classmethod(counting))
    return built


@pytest.mark.parametrize("key", ["tkpk", "mentor_dlh", "camat_selatan", "lurah_banyurip"])
@pytest.mark.parametrize("path", PAGES)
def test_a_page_builds_the_scope_of_its_reader_once(pekalongan, client_as, persona, builds, key, path):
    client = client_as(key)

    response = client.get(path)

    assert response.status_code == 200, response.content[:300]
    assert builds == [persona(key).username]
