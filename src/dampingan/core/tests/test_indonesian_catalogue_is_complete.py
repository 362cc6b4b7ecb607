"""Every source string in the catalogue has an Indonesian translation (run `make messages` after changing strings)."""

import os
from pathlib import Path

import polib

import dampingan

CATALOGUE = Path(dampingan.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert len(catalogue) > 200


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sdr]")
    for entry in polib.pofile(str(CATALOGUE)):
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(translated)), entry.msgid


def test_every_plural_form_is_filled():
    # The catalogue declares two forms (n == 1, n != 1); an empty second form shows English for n != 1.
    catalogue = polib.pofile(str(CATALOGUE))
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])

    incomplete = [
        e.msgid for e in catalogue if e.msgid_plural and not all(e.msgstr_plural.get(i) for i in range(forms))
    ]

    assert incomplete == []


def test_every_source_string_has_been_extracted_into_the_catalogue(tmp_path):
    # The tests above read the catalogue as it is: a string added to the code without `make messages` is not
    # in it at all, and shows in English. Extract again into a copy, as `make messages` does, and compare.
    import shutil
    import subprocess
    import sys

    package = Path(dampingan.__file__).parent
    copy = tmp_path / "dampingan"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "data"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "id", "--no-obsolete", "--add-location", "file"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "dampingan.settings", "DAMPINGAN_DATA_DIR": str(tmp_path)},
        check=True,
        capture_output=True,
        timeout=300,
    )

    extracted = polib.pofile(str(copy / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in extracted.untranslated_entries() + extracted.fuzzy_entries()] == []
