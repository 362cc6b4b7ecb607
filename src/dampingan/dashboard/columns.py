"""The ranking's columns as the page, the docs and the API name them: label and meaning of each sort key."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .ranking_table import TEXT_KEYS


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    meaning: Promise

    @property
    def numeric(self) -> bool:
        return self.key not in TEXT_KEYS


COLUMNS = [
    Column("kelurahan", _("Kelurahan"), _("Name and code; the link opens the kelurahan profile.")),
    Column("kecamatan", _("Kecamatan"), _("The kecamatan of the kelurahan.")),
    Column("opd", _("Mentoring OPD"), _("The OPD(s) mentoring the kelurahan under a decree in force today.")),
    Column("ruta", _("Households"), _("Households of the kelurahan in the current registry release.")),
    Column(
        "desil",
        _("Desil 1-4 (%)"),
        _("Households whose latest welfare rank is desil 1-4, as a share of the ranked households."),
    ),
    Column(
        "m0",
        _("MPI (M0)"),
        _("Multidimensional poverty index of the households (Alkire-Foster, k = 1/3): H x A, from 0 to 1."),
    ),
    Column("h", _("MPI poor (H, %)"), _("H: households deprived in at least a third of the indicators.")),
    Column(
        "cakupan",
        _("Coverage (%)"),
        _("Desil 1-4 households reached by an active or completed intervention, as a share of all of them."),
    ),
    Column(
        "anggaran",
        _("Budget planned"),
        _("Planned budget of the interventions, shared out over the kelurahan by the households each reached."),
    ),
    Column("realisasi", _("Budget realised"), _("Realised budget, shared out the same way.")),
    Column("persen_realisasi", _("Realisation (%)"), _("Budget realised as a share of the budget planned.")),
    Column(
        "laporan_kosong",
        _("Reports missing"),
        _("Monthly reports missing over the last 12 months; “—” when no OPD is assigned."),
    ),
    Column(
        "tindak_lanjut",
        _("Open action items"),
        _("Action items of meetings linked to the kelurahan, not yet done or dropped."),
    ),
    Column("terlambat", _("Overdue"), _("Open action items past their due date.")),
]
