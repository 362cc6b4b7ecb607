"""The LP2KD: the TKPK's annual report on the implementation of poverty reduction.

Chapters: I introduction and legal basis; II general conditions of the region; III poverty conditions
(``lp2kd_poverty``); IV programmes and budget (``lp2kd_programmes``); V mentoring results per kelurahan
(``lp2kd_mentoring``); VI coordination and VII targeting (``lp2kd_coordination``); VIII problems and
recommendations, the text the TKPK writes on the report's page (``reports.lp2kd_narrative``); then the
appendices with the full tables by kelurahan and the lists. Every figure is read through the query functions
of the pages, as ``Scope.city_viewer()``; a chapter without records says so in place.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dampingan.access.scope import Scope
from dampingan.coordination import tkpk_queries
from dampingan.indicators import queries as indicator_queries
from dampingan.indicators.models import IndicatorValue
from dampingan.lib import deployment
from dampingan.regions.letterhead import region_letterhead, region_office_line
from dampingan.regions.models import Region

from .. import document as d
from ..kinds import ReportKind, ReportParameters
from ..lp2kd_narrative import Lp2kdNarrative, narrative_for, paragraphs
from .lp2kd_coordination import coordination_blocks, targeting_blocks
from .lp2kd_mentoring import mentoring_blocks
from .lp2kd_poverty import (
    deprivation_blocks,
    macro_blocks,
    mpi_blocks,
    registry_blocks,
    registry_figures,
    release_for_year,
)
from .lp2kd_programmes import programme_blocks

if TYPE_CHECKING:
    from django.db.models import QuerySet

NATIONAL_BASIS = (
    "Peraturan Presiden Nomor 15 Tahun 2010 tentang Percepatan Penanggulangan Kemiskinan",
    "Peraturan Menteri Dalam Negeri Nomor 53 Tahun 2020 tentang Tata Kerja dan Penyelarasan Kerja serta "
    "Pembinaan Kelembagaan dan Sumber Daya Manusia Tim Koordinasi Penanggulangan Kemiskinan Provinsi dan "
    "Kabupaten/Kota",
)


def build(parameters: ReportParameters, *, today: dt.date | None = None) -> d.Document:
    today = today or timezone.localdate()
    year = parameters.year
    scope = Scope.city_viewer()
    city = indicator_queries.region_or_404(None)
    narrative = narrative_for(year)
    release = release_for_year(scope, year)
    figures = registry_figures(scope, release, today) if release is not None else None

    poverty_main: list[d.Block] = [d.Heading(_("III. Poverty conditions"), 1)]
    poverty_main += macro_blocks(year)
    registry_main, registry_appendix = registry_blocks(figures, year)
    deprivation_main, deprivation_appendix = deprivation_blocks(figures)
    mpi_main, mpi_appendix = mpi_blocks(figures)
    programmes_main, programmes_appendix = programme_blocks(scope, year)
    coordination_main, coordination_appendix = coordination_blocks(scope, year, today)
    targeting_main, targeting_appendix = targeting_blocks(scope, release, year, figures.hidden if figures else set())

    blocks: list[d.Block] = [
        *_introduction(city, year, today, narrative),
        *_general_conditions(city, year),
        *poverty_main,
        *registry_main,
        *deprivation_main,
        *mpi_main,
        *programmes_main,
        *mentoring_blocks(scope, year),
        *coordination_main,
        *targeting_main,
        *_problems_and_recommendations(year, narrative),
        d.PageBreak(),
        d.Heading(_("Appendices: full tables"), 1),
        *registry_appendix,
        *deprivation_appendix,
        *mpi_appendix,
        *targeting_appendix,
        *programmes_appendix,
        *coordination_appendix,
    ]
    shown = [
        (_("Region"), city.name),
        (_("Year"), str(year)),
        (_("Figures read on"), formats.date_format(today, "j F Y")),
    ]
    if release is not None:
        shown.append((_("Registry release"), str(release)))
    return d.Document(
        kind=ReportKind.LP2KD,
        title=_("LP2KD %(region)s %(year)s") % {"region": city.name, "year": year},
        subtitle=_("Report on the implementation of poverty reduction in the region, year %(year)s") % {"year": year},
        parameters=shown,
        blocks=blocks,
        built_at=timezone.now(),
        front=_front_matter(city, year, today),
    )


def _front_matter(city: Region, year: int, today: dt.date) -> d.FrontMatter:
    """The cover with the TKPK's kop, the foreword signed by the chair of the team in force, and the contents
    (laid out by each renderer), as a pemda submits its LP2KD."""
    team = tkpk_queries.team_in_force(today)
    seats = tkpk_queries.structure(team) if team else None
    chair = seats.ketua if seats else None
    secretariat = seats.sekretaris.opd if seats and seats.sekretaris and seats.sekretaris.opd_id else None
    kop = region_letterhead(city, tkpk=True)
    if secretariat is not None:
        kop_address = " · ".join(
            part
            for part in (
                _("Secretariat: %(opd)s") % {"opd": secretariat.name},
                secretariat.address,
                f"Telp. {secretariat.phone}" if secretariat.phone else "",
                secretariat.email,
            )
            if part
        )
    else:
        kop_address = region_office_line(city)
    words = {"region": city.name, "year": year}
    signature = d.Signature(
        place=_town(city),
        date=today,
        office=_("Chair of the TKPK of %(region)s") % words,
        position=chair.office if chair else "",
        name=tkpk_queries.seat_holder(chair) if chair else "",
        nip=chair.nip if chair else "",
    )
    return d.FrontMatter(
        kop=kop,
        kop_address=kop_address,
        cover_lines=[
            _("REPORT ON THE IMPLEMENTATION OF REGIONAL POVERTY REDUCTION"),
            "(LP2KD)",
            city.name.upper(),
            _("YEAR %(year)s") % words,
        ],
        issuer_lines=[_("POVERTY REDUCTION COORDINATION TEAM"), city.name.upper(), str(today.year)],
        foreword_title=_("Foreword"),
        foreword=[
            _(
                "This report sets out how poverty reduction was carried out in %(region)s in %(year)s, as the "
                "Poverty Reduction Coordination Team (TKPK) reports each year under Permendagri 53/2020: the "
                "poverty figures of the region, the programmes and their budgets, the mentoring of kelurahan by the "
                "regional agencies (OPD), the coordination meetings and how well the programmes reached the "
                "poorest households."
            )
            % words,
            _(
                "The figures are read from the records the agencies keep in Dampingan, and each table names its "
                "source. We thank the OPDs, the kecamatan and kelurahan, the partners from business, banks, "
                "religious and community organisations, and the residents who took part."
            ),
            _(
                "May this report help every party direct the programmes of the coming year to the households "
                "that need them most."
            ),
        ],
        signature=signature,
    )


def _town(city: Region) -> str:
    """Where a document of the kab/kota is signed: its name without "Kota"/"Kabupaten" (Pekalongan)."""
    for word in ("Kota ", "Kabupaten ", "Kab. "):
        if city.name.startswith(word):
            return city.name[len(word) :]
    return city.name


def title_for(parameters: ReportParameters) -> str:
    city = Region.objects.filter(code=deployment.code()).first()
    return _("LP2KD %(region)s %(year)s") % {"region": city.name if city else "", "year": parameters.year}


def _introduction(city: Region, year: int, today: dt.date, narrative: Lp2kdNarrative | None) -> list[d.Block]:
    blocks: list[d.Block] = [
        d.Heading(_("I. Introduction"), 1),
        d.Paragraph(
            _(
                "The Poverty Reduction Coordination Team (TKPK) of %(region)s reports on the implementation of "
                "poverty reduction in %(year)s to the TKPK of the province and at the national level. Every figure "
                "in this report is read from Dampingan's records on %(day)s: the published macro indicators, the "
                "social registry, the mentoring of kelurahan by the OPDs, the interventions and their budgets, and "
                "the coordination meetings."
            )
            % {"region": city.name, "year": year, "day": formats.date_format(today, "j F Y")}
        ),
        d.Heading(_("1.1 Legal basis"), 2),
    ]
    blocks += [d.Paragraph(f"{n}. {text}") for n, text in enumerate(NATIONAL_BASIS, start=1)]
    perda = narrative.perda if narrative and narrative.perda else "—"
    blocks.append(d.Paragraph(f"{len(NATIONAL_BASIS) + 1}. Perda: {perda}"))
    if year > today.year:
        blocks.append(d.Note(_("%(year)s has not begun: the report has no figures yet.") % {"year": year}))
    return blocks


def _general_conditions(city: Region, year: int) -> list[d.Block]:
    kecamatan = list(Region.objects.in_deployment().kecamatan().order_by("code"))
    villages = Region.objects.in_deployment().villages()
    counts = _village_counts(villages)
    population = (
        IndicatorValue.objects.filter(indicator_id="PENDUDUK", region_id=city.code, year__lte=year)
        .order_by("-year")
        .first()
    )
    rows = [d.Row([d.text(k.name), d.integer(counts.get(k.code, 0))], key=k.code) for k in kecamatan]
    blocks: list[d.Block] = [
        d.Heading(_("II. General conditions of the region"), 1),
        d.Paragraph(
            _("%(region)s has %(kecamatan)s kecamatan and %(kelurahan)s kelurahan.")
            % {"region": city.name, "kecamatan": len(kecamatan), "kelurahan": sum(counts.values())}
        ),
    ]
    if population is not None:
        blocks.append(
            d.Paragraph(
                _("Population: %(persons)s persons (%(year)s, %(source)s).")
                % {
                    "persons": d.integer(int(population.value)).display(),
                    "year": population.year,
                    "source": population.source,
                }
            )
        )
    else:
        blocks.append(d.Note(_("The indicators hold no population figure up to %(year)s.") % {"year": year}))
    blocks.append(
        d.Table(
            key="regions",
            caption=_("Kecamatan and the number of their kelurahan"),
            header=[[_("Kecamatan"), _("Kelurahan")]],
            rows=rows,
            total=d.Row([d.text(_("Total")), d.integer(sum(counts.values()))]) if rows else None,
            empty_note=_("No kecamatan of the region is loaded."),
            source=_("Region codes of the Ministry of Home Affairs (Kepmendagri), as loaded in Dampingan."),
        )
    )
    return blocks


def _village_counts(villages: QuerySet[Region]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for parent in villages.values_list("parent_id", flat=True):
        counts[parent] = counts.get(parent, 0) + 1
    return counts


def _problems_and_recommendations(year: int, narrative: Lp2kdNarrative | None) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading(_("VIII. Problems and recommendations"), 1)]
    for title, text in (
        (_("8.1 Problems"), narrative.problems if narrative else ""),
        (_("8.2 Recommendations"), narrative.recommendations if narrative else ""),
    ):
        blocks.append(d.Heading(title, 2))
        found = paragraphs(text)
        if found:
            blocks += [d.Paragraph(p) for p in found]
        else:
            blocks.append(
                d.Note(
                    _("The TKPK has not yet written this part for %(year)s (on the report's page).") % {"year": year}
                )
            )
    return blocks
