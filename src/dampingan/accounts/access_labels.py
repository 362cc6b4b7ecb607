"""Access entries of the audit log in the reader's language ("audit entries in Indonesian in the UI").

An access entry keeps what was read as plain English text (``access.personal.disclose``: "household
page", "household list: release 3; kelurahan 33.75.04.1004"), the same in every deployment and searchable by
``/audit/?q=``. The page translates it as it shows it: the words Dampingan writes become the reader's language,
the values inside (codes, file names, searched text) stay as they were. Older entries are translated alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PURPOSES = {"view": gettext_lazy("viewed"), "export": gettext_lazy("exported")}

# The fixed words of each kind of entry, longest first where one starts another.
_PHRASES = [
    ("api beneficiary import preview", gettext_lazy("API: beneficiary file preview")),
    ("api beneficiary list", gettext_lazy("API: beneficiary list")),
    ("api beneficiaries added", gettext_lazy("API: beneficiaries added")),
    ("api beneficiary", gettext_lazy("API: beneficiary")),
    ("api households", gettext_lazy("API: household list")),
    ("api household", gettext_lazy("API: household")),
    ("api member by NIK", gettext_lazy("API: person by NIK")),
    ("audit log search", gettext_lazy("audit log search")),
    ("audit log", gettext_lazy("audit log")),
    ("beneficiary import preview", gettext_lazy("beneficiary file preview")),
    ("beneficiary list .xlsx", gettext_lazy("beneficiary list .xlsx")),
    ("beneficiary list", gettext_lazy("beneficiary list")),
    ("beneficiary match report", gettext_lazy("beneficiary matching report")),
    ("beneficiary page", gettext_lazy("beneficiary page")),
    ("check findings of", gettext_lazy("check findings of")),
    ("check report of", gettext_lazy("check report of")),
    ("household list", gettext_lazy("household list")),
    ("household page", gettext_lazy("household page")),
    ("households to add", gettext_lazy("households to add")),
    ("identifiers masked", gettext_lazy("identifiers masked")),
    ("release diff", gettext_lazy("release comparison")),
    ("targeting lists", gettext_lazy("targeting lists")),
    ("targeting .xlsx", gettext_lazy("targeting .xlsx")),
    ("user account", gettext_lazy("user account")),
    ("upload page", gettext_lazy("upload page")),
    ("api import status", gettext_lazy("API: import status")),
    ("search", gettext_lazy("search")),
    ("release", gettext_lazy("release")),
    ("deprivations", gettext_lazy("deprivations")),
]
# Whole words only, outside quotes: "search 'release'" keeps what was searched.
_PATTERN = re.compile(
    r"'[^']*'|\"[^\"]*\"|(?<![\w.])(" + "|".join(re.escape(english) for english, _label in _PHRASES) + r")(?![\w])"
)
_LABELS = dict(_PHRASES)


def _translated(match: re.Match[str]) -> str:
    phrase = match.group(1)
    return match.group(0) if phrase is None else str(_LABELS[phrase])


def describe_access(data: Mapping[str, object] | None) -> str:
    """What an access entry's ``additional_data`` says, in the active language: "dilihat: halaman rumah tangga
    (5)"."""
    data = data or {}
    purpose = str(data.get("purpose", ""))
    text = str(PURPOSES.get(purpose, purpose))
    detail = str(data.get("detail", "") or "")
    if detail:
        text += ": " + _PATTERN.sub(_translated, detail)
    if data.get("count"):
        text += " " + _("(%(count)s persons)") % {"count": data["count"]}
    return text
