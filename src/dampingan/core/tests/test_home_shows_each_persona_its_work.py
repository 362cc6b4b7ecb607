"""Each persona's home page opens on its own work queue: the mentor its kelurahan's returned and missing
monthly reports and open problems, the lurah the same as its area's status, the TKPK administrator what waits for
its review or approval, the Dinsos operator the release everyone works with and the action items of its OPD."""

import lxml.html
import pytest
from django.utils import timezone

from dampingan.demo.services import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def lived_in(pekalongan):
    return load_demo(region_roots=["33.75"], registry_persons=3000, programme=True, today=timezone.localdate())


def _queue(client) -> dict[str, list[tuple[str, bool]]]:
    page = lxml.html.fromstring(client.get("/").content)
    tasks: dict[str, list[tuple[str, bool]]] = {}
    for item in page.xpath('//section[@id="work-queue"]//li'):
        text, urgent = " ".join(item.text_content().split()), "urgent" in item.get("class", "")
        tasks.setdefault(item.get("data-task"), []).append((text, urgent))
    return tasks


def test_the_mentor_sees_its_returned_report_missing_months_and_open_problems(lived_in, client_as):
    tasks = _queue(client_as("mentor_dlh"))

    ((returned, urgent),) = tasks["report-returned"]
    assert "Jenggot" in returned and "kirim kembali" in returned and urgent
    assert "Jenggot" in tasks["problems-open"][0][0]
    assert set(tasks) <= {"report-returned", "reports-missing", "problems-open"}


def test_the_lurah_follows_its_kelurahan_without_being_asked_to_write(lived_in, client_as):
    tasks = _queue(client_as("lurah_banyurip"))

    ((returned, urgent),) = tasks["report-returned"]
    assert "Banyurip" in returned and "OPD pendamping" in returned and not urgent
    assert all("Banyurip" in text for entries in tasks.values() for text, _urgent in entries)


def test_the_camat_sees_the_six_kelurahan_of_its_kecamatan(lived_in, client_as):
    tasks = _queue(client_as("camat_selatan"))

    assert len(tasks["problems-open"]) == 6


def test_the_tkpk_sees_what_waits_for_its_review_and_approval(lived_in, client_as):
    tasks = _queue(client_as("tkpk"))

    assert "6 laporan bulanan" in tasks["reports-to-review"][0][0]
    assert "figures-to-approve" in tasks  # the 2026 P0 target entered by staf.bapperida
    assert "report-returned" not in tasks  # city-wide: the review queue, not each kelurahan


def test_the_operator_sees_the_current_release_and_its_opds_action_items(lived_in, client_as):
    client = client_as("operator")
    tasks = _queue(client)
    page = lxml.html.fromstring(client.get("/").content)

    (current,) = tasks["release-current"]
    assert "dtsen_kota_pekalongan_april_2025.csv" in current[0]
    assert "DTSEN" in page.get_element_by_id("my-action-items").text_content()
