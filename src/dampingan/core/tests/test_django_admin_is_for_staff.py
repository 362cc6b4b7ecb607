import pytest

ADMIN_PAGES = [
    "/admin/",
    "/admin/regions/region/?q=Jenggot",
    "/admin/regions/region/33.75.04.1004/change/",
    "/admin/mentoring/opd/",
    "/admin/mentoring/decree/",
    "/admin/accounts/user/",
    "/admin/accounts/apitoken/",
    "/admin/auditlog/logentry/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_tkpk_admin_opens_the_admin_site(client_as, url):
    assert client_as("tkpk").get(url).status_code == 200


@pytest.mark.parametrize("key", ["mentor_dlh", "lurah_banyurip", "viewer"])
def test_other_roles_are_kept_out_of_the_admin_site(client_as, key):
    response = client_as(key).get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
