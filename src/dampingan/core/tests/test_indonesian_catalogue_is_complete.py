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
