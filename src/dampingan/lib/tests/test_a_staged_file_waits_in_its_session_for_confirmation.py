"""``lib.staging``: an uploaded file waits between its preview and its confirmation in the uploader's session only,
one per slot, and not longer than a session lasts."""

import os
import time
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore

from dampingan.lib.staging import Staging

pytestmark = pytest.mark.django_db


def _files(settings, kind: str) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "staging" / kind
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_file_confirmed_is_the_file_checked_with_what_was_chosen_beside_it(settings):
    staging = Staging(SessionStore(), "indicators")

    token = staging.stage(b"kode;tahun\nP0;2024\n", "angka.csv", on_conflict="keep", year=2024)
    staged = staging.load(token)

    assert staged is not None
    assert (staged.token, staged.name, staged.content) == (token, "angka.csv", b"kode;tahun\nP0;2024\n")
    assert staged.context == {"on_conflict": "keep", "year": 2024}
    assert _files(settings, "indicators") == [f"{token}.csv"]


def test_another_session_cannot_confirm_a_token_it_did_not_upload():
    token = Staging(SessionStore(), "beneficiaries", slot=7).stage(b"x", "penerima.xlsx")

    assert Staging(SessionStore(), "beneficiaries", slot=7).load(token) is None


def test_a_new_upload_replaces_the_one_before_it_in_the_same_slot_only(settings):
    session = SessionStore()
    first = Staging(session, "beneficiaries", slot=7).stage(b"first", "a.xlsx")
    other = Staging(session, "beneficiaries", slot=8).stage(b"other", "b.xlsx")

    second = Staging(session, "beneficiaries", slot=7).stage(b"second", "c.xlsx")

    assert Staging(session, "beneficiaries", slot=7).load(first) is None
    assert Staging(session, "beneficiaries", slot=7).load(second).content == b"second"
    assert Staging(session, "beneficiaries", slot=8).load(other).content == b"other"
    assert Staging(session, "beneficiaries", slot=8).load(second) is None  # a token of another intervention
    assert _files(settings, "beneficiaries") == sorted([f"{second}.xlsx", f"{other}.xlsx"])


def test_forgetting_deletes_the_file_and_its_entry(settings):
    session = SessionStore()
    staging = Staging(session, "opds")
    token = staging.stage(b"x", "opd.xlsx")

    staging.forget(token)

    assert staging.load(token) is None
    assert _files(settings, "opds") == []
    assert "staged:opds" not in session


def test_a_file_older_than_a_session_cannot_be_confirmed_and_goes_at_the_next_upload(settings):
    session = SessionStore()
    old_token = Staging(session, "boundaries").stage(b"old", "lama.geojson")
    abandoned = Staging(SessionStore(), "boundaries").stage(b"abandoned", "ditinggal.geojson")
    long_ago = time.time() - settings.SESSION_COOKIE_AGE - 60
    for name in _files(settings, "boundaries"):
        os.utime(Path(settings.MEDIA_ROOT) / "staging" / "boundaries" / name, (long_ago, long_ago))

    assert Staging(session, "boundaries").load(old_token) is None

    new_token = Staging(SessionStore(), "boundaries").stage(b"new", "baru.geojson")

    assert _files(settings, "boundaries") == [f"{new_token}.geojson"]
    assert abandoned not in "".join(_files(settings, "boundaries"))
