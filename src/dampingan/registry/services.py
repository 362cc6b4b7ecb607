"""Writing registry releases: commit a validated file in one transaction, then approve it (maker-checker)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, cast

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.analytics import mpi_indicators
from dampingan.lib import deployment
from dampingan.lib.bulk import bulk_load, insert_frame, reserve_ids

from . import codes, measures, partitions, statistics
from .columns import BY_FIELD, FLAG_COLUMNS, Kind
from .models import Family, Household, Member, RankMethod, RegistryRelease, ReleaseStatus, WelfareRank
from .validation import Validated

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

    from dampingan.accounts.models import User

Progress = Callable[[str, int, int], None]

HOUSEHOLD_FIELDS = [c.field for c in BY_FIELD.values() if c.level == "household" and hasattr(Household, c.field)]
MEMBER_FIELDS = [
    c.field for c in BY_FIELD.values() if c.level == "member" and c.field not in {"nik", "person_id", "name"}
]
FLAG_FIELDS = [c.field for columns in FLAG_COLUMNS.values() for c in columns]
# Text fields are stored as "" when the file leaves them blank (Django's convention for text).
MEMBER_TEXT_FIELDS = {f for f in MEMBER_FIELDS if BY_FIELD[f].kind is Kind.TEXT}


class RegistryImportError(Exception):
    """An import that must not go ahead; the message is for the user."""


def file_checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def ensure_not_imported(checksum: str) -> None:
    existing = RegistryRelease.objects.filter(checksum=checksum).first()
    if existing is not None:
        raise RegistryImportError(
            _("This file was already imported on %(date)s as release %(release)s; it is not imported twice.")
            % {"date": timezone.localtime(existing.imported_at).strftime("%d-%m-%Y %H:%M"), "release": existing}
        )


def _first(name: str) -> pl.Expr:
    return pl.col(name).drop_nulls().first()


_DTYPES = {
    Kind.TEXT: pl.String,
    Kind.ID: pl.String,
    Kind.NIK: pl.String,
    Kind.NO_KK: pl.String,
    Kind.DECIMAL: pl.Float64,
    Kind.DATE: pl.Date,
    Kind.YES_NO: pl.Boolean,
}


def _parsed(frame: pl.DataFrame, field: str) -> pl.Expr:
    """The parsed column ``_field``, or a typed null column when the file did not have it."""
    name = f"_{field}"
    if name in frame.columns:
        return pl.col(name)
    return pl.lit(None, dtype=_DTYPES.get(BY_FIELD[field].kind, pl.Int64)).alias(name)


def _flag_list_json(columns: Collection[str], list_name: str) -> pl.Expr:
    """``_<list_name>``: per row, the JSON text of the household's list (``assets`` or ``programme_cards``),
    the codes of the flags that are yes in questionnaire order, built column-wise from the ``_<flag>``
    Booleans among ``columns``. A flag left empty counts as not held; null where every flag is empty, so the
    household takes the list of a member row that has one."""
    present = [c for c in FLAG_COLUMNS[list_name] if f"_{c.field}" in columns]
    if not present:
        return pl.lit(None, dtype=pl.String).alias(f"_{list_name}")
    # Plain string concatenation: list columns (concat_list + join) were ten times slower at this size.
    parts = [pl.when(pl.col(f"_{c.field}")).then(pl.lit(f',"{c.flag_code}"')).otherwise(pl.lit("")) for c in present]
    known = pl.any_horizontal([pl.col(f"_{c.field}").is_not_null() for c in present])
    text = pl.lit("[") + pl.concat_str(parts).str.strip_prefix(",") + pl.lit("]")
    return pl.when(known).then(text).alias(f"_{list_name}")


def commit_release(
    actor: User,
    validated: Validated,
    *,
    source: str,
    file_name: str,
    checksum: str,
    file_title: str = "",
    sk_number: str = "",
    sk_date: dt.date | None = None,
    data_date: dt.date | None = None,
    progress: Progress | None = None,
) -> RegistryRelease:
    """Write the households kept by validation as a new *draft* release, all in one transaction.

    Nothing is written if anything fails; an older release is never touched. The release becomes current
    only through ``approve_release`` by another user.
    """
    Scope.for_user(actor).require(Capability.IMPORT_REGISTRY)
    report = progress or (lambda _stage, _done, _total: None)
    ranked_on = data_date or sk_date or timezone.localdate()
    all_rows, warnings = validated.rows.height, validated.warnings.height
    # Which columns the file held: a measure tells "not recorded" from "recorded as no" by this.
    recorded_fields = [name for name in validated.rows.columns if name in BY_FIELD]
    # The raw text columns go first, then the parsed ones once the rows to write are sorted out of them:
    # a million-row file is never held twice during the commit.
    _release_validated_columns(validated, keep=KEPT_AFTER_COMMIT | set(_columns_to_write(validated.rows)))
    rows = _ordered_rows(validated)
    _release_validated_columns(validated, keep=KEPT_AFTER_COMMIT)
    if rows.height == 0:
        raise RegistryImportError(_("No household is left to import: every row has an error."))
    kept_rows = rows.height

    with transaction.atomic(), acting_as(actor), bulk_load():
        partitions.lock_tables()  # first: a release being deleted takes the same locks in the same order
        ensure_not_imported(checksum)
        with partitions.loading_in_bulk():
            release = RegistryRelease.objects.create(
                source=source,
                region_code=deployment.code(),
                file_name=file_name,
                file_title=file_title[:250],
                checksum=checksum,
                sk_number=sk_number,
                sk_date=sk_date,
                data_date=data_date,
                imported_by=actor,
                recorded_fields=recorded_fields,
            )
        # On PostgreSQL the rows go to the release's own tables, attached (indexed, checked) at the end.
        table = partitions.create_detached(release.pk)
        # Rows are sorted household by household (file order within a kelurahan), so each household and
        # each family is one run of rows: its number is the run's index, and its primary key is looked up
        # by position in the reserved keys, without a join.
        rows = rows.with_columns(
            _household=pl.col("_household_first").rle_id(), _family=pl.col("_family_first").rle_id()
        )
        households = rows.group_by("_household", maintain_order=True).agg(
            _first("_kelurahan_id").alias("kelurahan_id"),
            _first("_household_id").alias("registry_id"),
            *[_first(f"_{f}").alias(f) for f in HOUSEHOLD_FIELDS],
            _first("_assets").fill_null("[]").alias("assets"),
            _first("_programme_cards").fill_null("[]").alias("programme_cards"),
            _first("_desil").alias("desil"),
            _first("_percentile").alias("percentile"),
            pl.len().alias("member_count"),
            pl.col("_family").n_unique().alias("family_count"),
        )
        household_ids = _keys(Household, households.height)
        households = households.with_columns(household_ids)
        text_defaults = {"registry_id": "", "address": "", "rt": "", "rw": ""}
        household_columns = ["id", "kelurahan_id", "registry_id", "member_count", "family_count", *HOUSEHOLD_FIELDS]
        insert_frame(
            table[Household._meta.db_table],
            households.select(
                *household_columns,
                pl.lit(release.pk).alias("release_id"),
                "assets",
                "programme_cards",
                pl.lit("{}").alias("livestock"),
            ).with_columns(**{k: pl.col(k).fill_null(v) for k, v in text_defaults.items() if k in household_columns}),
            progress=lambda done, total: report("households", done, total),
        )

        families = rows.group_by("_family", maintain_order=True).agg(
            pl.col("_household").first(),
            _first("_no_kk").alias("no_kk"),
            _first("_family_id").fill_null("").alias("registry_id"),
        )
        family_ids = _keys(Family, families.height)
        insert_frame(
            table[Family._meta.db_table],
            families.select(
                family_ids,
                pl.lit(release.pk).alias("release_id"),
                household_ids.gather(families["_household"]).alias("household_id"),
                households["kelurahan_id"].gather(families["_household"]),
                "no_kk",
                "registry_id",
            ),
            progress=lambda done, total: report("families", done, total),
        )
        insert_frame(
            table[Member._meta.db_table],
            rows.lazy().select(
                _keys(Member, rows.height),
                pl.lit(release.pk).alias("release_id"),
                household_ids.gather(rows["_household"]).alias("household_id"),
                family_ids.gather(rows["_family"]).alias("family_id"),
                pl.col("_kelurahan_id").alias("kelurahan_id"),
                pl.col("_person_id").fill_null("").alias("registry_id"),
                pl.col("_nik").alias("nik"),
                pl.col("_name").alias("name"),
                *[
                    pl.col(f"_{f}").fill_null("").alias(f) if f in MEMBER_TEXT_FIELDS else pl.col(f"_{f}").alias(f)
                    for f in MEMBER_FIELDS
                ],
            ),
            progress=lambda done, total: report("members", done, total),
        )
        member_measures = rows.select(
            household_ids.gather(rows["_household"]).alias("household"),
            *[pl.col(f"_{name}").alias(name) for name in mpi_indicators.MEMBER_COLUMNS if name != "household"],
        )
        del rows
        ranked = households.filter(pl.col("desil").is_not_null())
        insert_frame(
            table[WelfareRank._meta.db_table],
            ranked.select(
                _keys(WelfareRank, ranked.height),
                pl.lit(release.pk).alias("release_id"),
                pl.col("id").alias("household_id"),
                "desil",
                "percentile",
                pl.lit(ranked_on).alias("ranked_on"),
                pl.lit(RankMethod.OFFICIAL.value).alias("method"),
            ),
        )
        report("indexes", 0, 1)
        partitions.attach(release.pk)
        report("indexes", 1, 1)
        release.household_count = households.height
        release.family_count = families.height
        release.member_count = kept_rows
        release.excluded_row_count = all_rows - kept_rows
        release.warning_count = warnings
        release.save()
        # The figures every page shows, computed once while the release is still private to this transaction.
        report("statistics", 0, 1)
        geography = statistics.Geography.current()
        statistics.store(release, geography, _measure_frames(release, households, member_measures, geography))
        report("statistics", 1, 1)
    return release


def _measure_frames(
    release: RegistryRelease, households: pl.DataFrame, members: pl.DataFrame, geography: statistics.Geography
) -> measures.MeasureFrames:
    """The frames ``measures.load_measure_frames`` would read back for the release just written, built from
    the rows in hand: reading a million rows back cost the import 1.6 s. A test holds the two equal."""
    # Dtype classes and instances mixed, which mypy joins to ``object``.
    household_columns = cast("dict[str, PolarsDataType]", mpi_indicators.HOUSEHOLD_COLUMNS)
    frame = households.select(
        pl.col("id").alias("household"),
        pl.col("kelurahan_id").alias("kelurahan"),
        pl.col("kelurahan_id").replace_strict(geography.villages, default=None).alias("kecamatan"),
        pl.col("member_count").alias("members"),
        *[pl.col(name) for name in household_columns if name in HOUSEHOLD_FIELDS],
        pl.col("assets", "programme_cards").str.json_decode(pl.List(pl.String)),
        "desil",
    )
    return measures.MeasureFrames(
        release,
        frame.select([pl.col(name).cast(dtype) for name, dtype in {**household_columns, "desil": pl.Int64}.items()]),
        members.select([pl.col(name).cast(dtype) for name, dtype in mpi_indicators.MEMBER_COLUMNS.items()]),
    )


def _keys(model: type[models.Model], count: int) -> pl.Series:
    """``count`` fresh primary keys for ``model``'s table, as the frame's ``id`` column."""
    keys = reserve_ids(model._meta.db_table, count)
    return pl.int_range(keys.start, keys.stop, dtype=pl.Int64, eager=True).alias("id")


def _release_validated_columns(validated: Validated, keep: set[str] | frozenset[str]) -> None:
    """Free the columns of the validated rows that are no longer needed (in place: the caller's frame)."""
    for name in validated.rows.columns:
        if name not in keep:
            validated.rows.drop_in_place(name)


# What callers may still read after the commit: the plan's household count and the kept rows' keys.
KEPT_AFTER_COMMIT = frozenset({"_row", "_excluded", "_household_key"})
WRITTEN_FIELDS = (
    *HOUSEHOLD_FIELDS,
    *MEMBER_FIELDS,
    *FLAG_FIELDS,
    "desil",
    "percentile",
    "household_id",
    "family_id",
    "person_id",
    "name",
    "nik",
    "no_kk",
)


def _columns_to_write(rows: pl.DataFrame) -> list[str]:
    return ["_family_key", "_kelurahan_id", *[f"_{f}" for f in WRITTEN_FIELDS if f"_{f}" in rows.columns]]


def _ordered_rows(validated: Validated) -> pl.DataFrame:
    """The kept rows, only the columns written, sorted by kelurahan, household and family (each in file
    order), so that households, families and members are written in the order of the indexes that serve
    them: appending at the end of an index is much cheaper than inserting all over it."""
    rows = validated.rows
    # The 22 flag columns become two JSON texts here, before the sort, which then carries 2 columns, not 22.
    fields = [f for f in WRITTEN_FIELDS if f not in FLAG_FIELDS]
    return (
        rows.lazy()
        .filter(~pl.col("_excluded"))
        .select(
            "_row",
            "_household_key",
            "_family_key",
            "_kelurahan_id",
            *[_parsed(rows, f) for f in fields],
            *[_flag_list_json(rows.columns, name) for name in FLAG_COLUMNS],
        )
        .with_columns(
            _household_first=pl.col("_row").min().over("_household_key"),
            _family_first=pl.col("_row").min().over("_household_key", "_family_key"),
        )
        .sort("_kelurahan_id", "_household_first", "_family_first", "_row")
        .collect()
    )


def superseded_by(release: RegistryRelease) -> models.QuerySet[RegistryRelease]:
    """The current releases that approving ``release`` supersedes: of its source, and of those it replaces."""
    sources = [release.source, *codes.REPLACED_BY.get(release.source, ())]
    return RegistryRelease.objects.filter(source__in=sources, status=ReleaseStatus.CURRENT).exclude(pk=release.pk)


def approve_release(actor: User, release: RegistryRelease, *, sk_number: str, sk_date: dt.date) -> RegistryRelease:
    """The checker's step: a TKPK administrator other than the importer makes a draft release current,
    recording the SK that sets it. The previous current release of the same source is superseded, and a
    DTSEN release supersedes the current DTKS and P3KE ones too (``codes.REPLACED_BY``)."""
    scope = Scope.for_user(actor)
    if not scope.can(Capability.APPROVE_RELEASES):
        raise PermissionDenied("approve_release")
    if release.imported_by_id == actor.pk:
        raise RegistryImportError(_("The person who imported a release cannot also approve it."))
    if release.status != ReleaseStatus.DRAFT:
        raise RegistryImportError(_("Only a draft release can be approved."))
    if not sk_number:
        raise RegistryImportError(_("Record the number of the SK that sets this release."))
    with transaction.atomic(), acting_as(actor):
        superseded_by(release).update(status=ReleaseStatus.SUPERSEDED)
        release.status = ReleaseStatus.CURRENT
        release.sk_number = sk_number
        release.sk_date = sk_date
        release.approved_by = actor
        release.approved_at = timezone.now()
        release.save()
    return release
