"""The home page of a region-bound user shows its own kelurahan first and labels the city's figures."""


def test_a_lurah_sees_its_kelurahan_and_mentor_before_the_labelled_city_figures(client_as):
    page = client_as("lurah_banyurip").get("/").content.decode()

    work_area, city = page.index('id="work-area"'), page.index('id="city-figures"')
    assert work_area < city < page.index('data-stat="villages"')
    assert 'data-region="33.75.04.1002"' in page
    assert "Seluruh Kota Pekalongan" in page
    assert 'data-stat="my-villages"' not in page  # one kelurahan needs no count


def test_a_camat_gets_counts_for_its_own_kecamatan(client_as):
    page = client_as("camat_selatan").get("/").content.decode()

    assert 'data-stat="my-villages">6<' in page


def test_a_city_wide_role_sees_the_city_figures_without_a_work_area(client_as):
    page = client_as("tkpk").get("/").content.decode()

    assert 'id="work-area"' not in page
    assert 'data-stat="villages">27<' in page
