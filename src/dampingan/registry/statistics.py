"""The measures of a release computed once and kept: its desil distribution and its MPI at
k = 1/3 with the default indicators, per kelurahan, per kecamatan and for the kabupaten/kota, and the
households of each kelurahan in each deprivation of the profile (``registry.deprivations``).

A committed release never changes, so the pages need not reload its million rows on every request. The import
computes these figures in its own transaction (``store``); a release without them, or with figures from an
older version of this code or from another kelurahan-to-kecamatan map, gets them again on its next read
(``stored``). ``registry.measures`` stays the single implementation: the stored rows are exactly the frames
of ``mpi_report`` and ``desil_report`` for the whole kabupaten/kota (the deprivations are counted by the
same database filters as the household list), and a user's scope is cut from them
(``reports``) when its areas are stored rows — every kelurahan of the scope and its covered kecamatan are,
and its total is when the scope is the kabupaten/kota, one kecamatan or one kelurahan. Any other scope (a
mentor of kelurahan in two kecamatan), another cut-off, indicator subset or day is computed live, as before.

Ages are counted on the release's reference day (``RegistryRelease.ages_counted_on``): the date its data
describe, else the day it was imported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import Count

from dampingan.access.scope import Scope
from dampingan.analytics.desil import SUMMARY_COLUMNS
from dampingan.analytics.mpi import DEFAULT_K
from dampingan.analytics.mpi_indicators import adapt_to_release
from dampingan.lib.single_flight import one_at_a_time
from dampingan.regions.models import Region

from . import deprivations, measures
from .models import (
    AreaDeprivation,
    AreaDesil,
    AreaDesilCount,
    AreaMpi,
    AreaMpiIndicator,
    Household,
    RegistryRelease,
    ReleaseStatistics,
)

# Raise when what the stored figures hold or how they are computed changes: every release is then
# computed again on its next read.
VERSION = 2
_AREA = {"level": pl.String, "code": pl.String}
# Each kept frame: its table and its columns in the order the frame has them (registry.measures).
_TABLES = {
    "desil": (
        AreaDesil,
        {**_AREA, **{c: pl.Int64 for c in SUMMARY_COLUMNS}, "share_1_4_households": pl.Float64,
         "share_1_4_persons": pl.Float64},
    ),
    "counts": (AreaDesilCount, {**_AREA, "desil": pl.Int64, "households": pl.Int64, "persons": pl.Int64}),
    "areas": (
        AreaMpi,
        {**_AREA, "unit": pl.String, "units": pl.Int64, "population": pl.Float64, "poor_units": pl.Int64,
         "poor": pl.Float64, "H": pl.Float64, "A": pl.Float64, "M0": pl.Float64},
    ),
    "indicators": (
        AreaMpiIndicator,
        {**_AREA, "unit": pl.String, "indicator": pl.String, "dimension": pl.String, "weight": pl.Float64,
         "deprived": pl.Float64, "uncensored": pl.Float64, "censored": pl.Float64, "contribution": pl.Float64,
         "missing": pl.Int64},
    ),
    "deprivations": (AreaDeprivation, {**_AREA, "deprivation": pl.String, "households": pl.Int64}),
}  # fmt: skip


@dataclass(frozen=True)
class Geography:
    """The deployment's kelurahan per kecamatan, and a key that changes when that map does."""

    villages: dict[str, str]  # kelurahan code -> kecamatan code
    kecamatan: frozenset[str]

    @classmethod
    def current(cls) -> Geography:
        regions = Region.objects.in_deployment()
        villages = dict(regions.villages().order_by("code").values_list("code", "parent_id"))
        return cls(villages, frozenset(regions.kecamatan().values_list("code", flat=True)))

    @property
    def key(self) -> str:
        text = ";".join(f"{code}>{parent}" for code, parent in sorted(self.villages.items()))
        text += "|" + ";".join(sorted(self.kecamatan))
        return hashlib.sha256(text.encode()).hexdigest()

    def villages_of(self, kecamatan: str) -> frozenset[str]:
        return frozenset(code for code, parent in self.villages.items() if parent == kecamatan)


@dataclass(frozen=True)
class StoredFigures:
    """The four frames of a release, city-wide, as ``mpi_report`` and ``desil_report`` made them (names left
    out: they are joined from the regions at read time)."""

    statistics: ReleaseStatistics
    desil: pl.DataFrame
    counts: pl.DataFrame
    areas: pl.DataFrame
    indicators: pl.DataFrame
    deprivations: pl.DataFrame


def deprived_households(release: RegistryRelease) -> pl.DataFrame:
    """Households per kelurahan and deprivation (rows level, code, deprivation, households; none where zero),
    counted by the household list's own filters, ages on the release's day. One query per deprivation: a
    single grouped query with a filtered count each took twice as long (its member subqueries are then
    evaluated household by household instead of as one semi-join each)."""
    households = Household.objects.filter(release=release)
    rows = []
    for deprivation in deprivations.DEPRIVATIONS:
        counted = (
            households.filter(deprivation.q(release.ages_counted_on))
            .values("kelurahan_id")
            .annotate(n=Count("pk"))
            .order_by("kelurahan_id")
            .values_list("kelurahan_id", "n")
        )
        rows += [("kelurahan", code, deprivation.key, n) for code, n in counted]
    return pl.DataFrame(rows, schema=_TABLES["deprivations"][1], orient="row")


def store(
    release: RegistryRelease, geography: Geography | None = None, loaded: measures.MeasureFrames | None = None
) -> StoredFigures:
    """Compute (by ``registry.measures``) and keep the city-wide figures of ``release``, replacing any kept
    before (in one transaction). ``loaded`` are the release's frames when the caller has them (the import
    builds them from the rows it has just written); otherwise they are read from the database."""
    geography = geography or Geography.current()
    loaded = loaded or measures.load_measure_frames(release)
    city = measures.MeasureScope(None, geography.kecamatan, True)
    mpi = measures.mpi_report(loaded, city, k=DEFAULT_K, on=release.ages_counted_on)
    desil = measures.desil_report(loaded, city)
    insurance, assets = measures.recorded_attributes(loaded)
    computed = {
        "desil": desil.summary,
        "counts": desil.counts,
        "areas": mpi.areas,
        "indicators": mpi.indicators,
        "deprivations": deprived_households(release),
    }
    frames = [computed[name].select(list(schema)) for name, (_model, schema) in _TABLES.items()]
    with transaction.atomic():
        ReleaseStatistics.objects.filter(release=release).delete()
        statistics = ReleaseStatistics.objects.create(
            release=release,
            version=VERSION,
            areas_key=geography.key,
            reference_date=release.ages_counted_on,
            insurance_recorded=insurance,
            assets_recorded=assets,
        )
        for (model, _schema), frame in zip(_TABLES.values(), frames, strict=True):
            rows = frame.iter_rows(named=True)
            model.objects.bulk_create((model(statistics=statistics, **row) for row in rows), batch_size=2000)
    return StoredFigures(statistics, *frames)


def _read(statistics: ReleaseStatistics) -> StoredFigures:
    loaded = []
    for model, schema in _TABLES.values():
        rows = model.objects.filter(statistics=statistics).values_list(*schema)
        loaded.append(pl.DataFrame(list(rows), schema=schema, orient="row"))
    return StoredFigures(statistics, *loaded)


def up_to_date(statistics: ReleaseStatistics, release: RegistryRelease, geography: Geography | None = None) -> bool:
    """Whether kept figures were computed by this code, for today's kelurahan-to-kecamatan map and the release's
    reference day."""
    geography = geography or Geography.current()
    return (
        statistics.version == VERSION
        and statistics.areas_key == geography.key
        and statistics.reference_date == release.ages_counted_on
    )


def stored(release: RegistryRelease, geography: Geography | None = None) -> StoredFigures:
    """The kept figures of ``release``, computed (and kept) first when missing or out of date."""
    geography = geography or Geography.current()
    statistics = ReleaseStatistics.objects.filter(release=release).first()
    if statistics is not None and up_to_date(statistics, release, geography):
        return _read(statistics)
    # One request computes them; the others wait, then read what it kept (a million persons take seconds).
    with one_at_a_time(f"release-figures-{release.pk}"):
        statistics = ReleaseStatistics.objects.filter(release=release).first()
        if statistics is not None and up_to_date(statistics, release, geography):
            return _read(statistics)
        try:
            return store(release, geography)
        except IntegrityError:
            # Kept at the same moment by a process outside this lock (an import's transaction): the same figures.
            return _read(ReleaseStatistics.objects.get(release=release))


def desil_by_kelurahan(scope: Scope, release: RegistryRelease) -> list[dict[str, object]]:
    """Ranked households per kelurahan of ``scope``'s scope and desil 1..10 (``desil``), with ``total`` and
    ``poorest`` (desil 1-4): aggregates every role may see within its scope. Kelurahan without a ranked
    household are left out."""
    counts = stored(release).counts.filter(pl.col("level") == "kelurahan").sort("code", "desil")
    names = dict(Region.objects.filter(code__in=counts["code"].unique().to_list()).values_list("code", "name"))
    table = []
    for (code,), rows in counts.group_by("code", maintain_order=True):
        per_desil = rows["households"].to_list()
        if scope.covers(code) and sum(per_desil):
            table.append(
                {"code": code, "name": names.get(code, code), "desil": per_desil, "total": sum(per_desil),
                 "poorest": sum(per_desil[:4])}
            )  # fmt: skip
    return table


def forget(release_id: int) -> None:
    """Drop the kept figures of a release whose rows changed: the next read computes them again. Code that
    changes or deletes registry rows other than by ``save()`` after an import calls this itself."""
    ReleaseStatistics.objects.filter(release_id=release_id).delete()


def row_changed(sender: type, instance: object, **kwargs: object) -> None:
    """Signal receiver (registry/apps.py): a household, member or rank saved one by one."""
    release_id = getattr(instance, "release_id", None)
    if release_id is not None and not kwargs.get("raw"):
        forget(release_id)


def _scope_total(scope: measures.MeasureScope, geography: Geography) -> tuple[str, str] | None:
    """The stored row (level, code) that is the scope's total, or None when no stored row is."""
    if scope.city_wide:
        return ("all", "")
    codes = scope.kelurahan or frozenset()
    if len(codes) == 1:
        return ("kelurahan", next(iter(codes)))
    parents = {geography.villages.get(code) for code in codes}
    if len(parents) == 1:
        (parent,) = parents
        if parent and geography.villages_of(parent) == codes:
            return ("kecamatan", parent)
    return None


def _cut(frame: pl.DataFrame, scope: measures.MeasureScope, total: tuple[str, str]) -> pl.DataFrame:
    """The rows of the scope: its kelurahan, its covered kecamatan, and its total as the ``all`` row."""
    level, code = pl.col("level"), pl.col("code")
    kelurahan = level == "kelurahan"
    if scope.kelurahan is not None:
        kelurahan = kelurahan & code.is_in(sorted(scope.kelurahan))
    kecamatan = (level == "kecamatan") & code.is_in(sorted(scope.kecamatan))
    total_rows = frame.filter((level == total[0]) & (code == total[1])).with_columns(
        level=pl.lit("all"), code=pl.lit("")
    )
    return pl.concat([frame.filter(kelurahan | kecamatan), total_rows])


def reports(
    release: RegistryRelease, scope: measures.MeasureScope
) -> tuple[measures.MpiReport, measures.DesilReport] | None:
    """The MPI (k = 1/3, default indicators, the release's reference day) and desil reports of ``scope`` from
    the kept figures; None when the scope's total is not a kept row (compute it live then)."""
    geography = Geography.current()
    total = _scope_total(scope, geography)
    if total is None:
        return None
    figures = stored(release, geography)
    names = measures.area_names(scope)
    order: list[pl.Expr | str] = [measures.level_order(), "code"]
    areas = names.join(_cut(figures.areas, scope, total), on=["level", "code"], how="inner").sort(*order, "unit")
    indicators = _cut(figures.indicators, scope, total)
    summary = names.join(_cut(figures.desil, scope, total), on=["level", "code"], how="inner").sort(*order)
    counts = (
        names.select("level", "code")
        .join(_cut(figures.counts, scope, total), on=["level", "code"], how="inner")
        .sort(*order, "desil")
    )
    statistics = figures.statistics
    indicator_set = adapt_to_release(statistics.insurance_recorded, statistics.assets_recorded)
    mpi = measures.MpiReport(release, DEFAULT_K, statistics.reference_date, indicator_set, areas, indicators)
    return mpi, measures.DesilReport(release, summary, counts)
