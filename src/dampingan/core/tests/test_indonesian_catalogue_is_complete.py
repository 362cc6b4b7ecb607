"""Every source string in the catalogue has an Indonesian translation (run `make messages` after changing strings)."""

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
