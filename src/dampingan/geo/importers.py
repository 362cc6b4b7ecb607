"""Reading boundary files into a plan: which features become the boundaries of which regions, and why not.

Two formats: a GeoJSON FeatureCollection (code in a property, [lng, lat]) and the SQL of the public
``wilayah_boundaries`` data (``INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path)``, rings of
[lat, lng]), whose statements are parsed as text, never executed. Only the deployment's features are
kept; ``services.import_boundaries`` writes a plan. The upload page and the command share both.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dampingan.lib import deployment
from dampingan.regions.models import Region

from . import geometry
from .geometry import GeometryError, MultiPolygon
from .models import Boundary, BoundaryFormat
from .sql_inserts import SqlReadError, insert_rows

# Properties that hold a Kemendagri code in the files people have, lower-cased; the first one whose
# values match the most regions is used. KDEPUM is the code in BIG's RBI administrative layers.
CODE_PROPERTIES = (
    "kode",
    "code",
    "kode_wilayah",
    "kd_wilayah",
    "kode_kemendagri",
    "kode_kel",
    "kode_desa",
    "kode_kelurahan",
    "kd_desa",
    "kd_kel",
    "kdepum",
    "kdcpum",
    "kode_kec",
    "id",
)
NAME_PROPERTIES = ("nama", "name", "namobj", "wadmkd", "nama_kel", "nama_desa", "kelurahan", "desa", "nama_wilayah")
WILAYAH_TABLE = "wilayah_boundaries"
WILAYAH_COLUMNS = ["kode", "nama", "lat", "lng", "path", "status"]
EXAMPLES = 10  # codes listed in a message before "and N more"
_KEMENDAGRI_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


class BoundaryFileError(ValueError):
    """The file cannot be read at all (not text, not JSON, no INSERT...): one message for people."""


@dataclass(frozen=True)
class Feature:
    where: str  # "fitur 3" or "baris 37", for messages
    code: str
    name: str
    shape: MultiPolygon | None = None
    raw: Any = None  # the geometry as read, checked only when the feature belongs to the deployment
    index: int = 0  # position in the file, to list features in file order

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip() or "—"


@dataclass(frozen=True)
class MatchedFeature:
    region: Region
    name_in_file: str
    shape: MultiPolygon
    wheres: tuple[str, ...]


@dataclass
class BoundaryPlan:
    file_name: str
    checksum: str
    file_format: str
    code_property: str = ""
    feature_count: int = 0
    matched: list[MatchedFeature] = field(default_factory=list)
    unmatched: list[Feature] = field(default_factory=list)  # a code of the deployment that is no region
    outside: list[Feature] = field(default_factory=list)  # features of other regions, left out
    errors: list[str] = field(default_factory=list)  # any error refuses the whole file
    notes: list[str] = field(default_factory=list)
    replaced_codes: set[str] = field(default_factory=set)  # regions whose boundary the import replaces
    kelurahan_missing: list[Region] = field(default_factory=list)  # villages of the deployment not in it

    @property
    def can_import(self) -> bool:
        return not self.errors and bool(self.matched)

    @property
    def needs_confirmation(self) -> bool:
        """Some features match no region: importing the others is the user's explicit choice."""
        return bool(self.unmatched)

    def matched_by_level(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for item in self.matched:
            counts[item.region.level] += 1
        return dict(counts)

    def unmatched_message(self) -> str:
        return ngettext(
            "Features don't match kelurahan codes: %(count)s feature has no code of a kelurahan, desa or "
            "kecamatan of %(region)s: %(list)s.",
            "Features don't match kelurahan codes: %(count)s features have no code of a kelurahan, desa or "
            "kecamatan of %(region)s: %(list)s.",
            len(self.unmatched),
        ) % {
            "count": len(self.unmatched),
            "region": deployment_label(),
            "list": listing(f"{f.label} ({f.where})" for f in self.unmatched),
        }


def listing(items: Iterable[str], limit: int = EXAMPLES) -> str:
    items = list(items)
    shown = "; ".join(items[:limit])
    if len(items) > limit:
        shown += " " + _("and %(count)s more") % {"count": len(items) - limit}
    return shown


def deployment_label() -> str:
    code = deployment.code()
    region = Region.objects.filter(code=code).first()
    return f"{region.name} ({code})" if region else code


def in_deployment(code: str) -> bool:
    """The kab/kota itself or a region inside it."""
    return code == deployment.code() or deployment.holds(code)


def normalise_code(raw: Any) -> str:
    """The code as text without spaces. Undotted digits stay as they are: 3375041004 may be a BPS code,
    and BPS and Kemendagri number kecamatan differently, so a code is never rebuilt from its digits."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return re.sub(r"\s+", "", str(raw))


# --- GeoJSON -----------------------------------------------------------------------------------------


def _lower_keys(properties: Any) -> dict[str, Any]:
    if not isinstance(properties, dict):
        return {}
    return {str(k).lower(): v for k, v in properties.items()}


def _feature_name(properties: dict[str, Any]) -> str:
    for key in NAME_PROPERTIES:
        if properties.get(key):
            return str(properties[key]).strip()
    return ""


def _choose_code_property(features: list[dict[str, Any]], file_name: str, requested: str) -> str:
    present: set[str] = set()
    for properties in features:
        present.update(properties)
    if requested:
        wanted = requested.strip().lower()
        if wanted not in present:
            raise BoundaryFileError(
                _("%(file)s: no feature has the property “%(property)s”. The features have: %(found)s.")
                % {"file": file_name, "property": requested, "found": listing(sorted(present), 30) or "—"}
            )
        return wanted
    candidates = [key for key in CODE_PROPERTIES if key in present]
    if not candidates:
        raise BoundaryFileError(
            _(
                "%(file)s: no property of the features holds a region code (looked for %(tried)s). The "
                "features have: %(found)s. Choose the property that holds the Kemendagri code."
            )
            % {"file": file_name, "tried": ", ".join(CODE_PROPERTIES), "found": listing(sorted(present), 30) or "—"}
        )
    known = set(
        Region.objects.filter(Q(code=deployment.code()) | deployment.inside("code")).values_list("code", flat=True)
    )

    def matches(key: str) -> int:
        return sum(1 for properties in features if normalise_code(properties.get(key)) in known)

    # The most matches wins; among equals the earlier (more specific) name in CODE_PROPERTIES.
    return max(candidates, key=lambda key: (matches(key), -candidates.index(key)))


def read_geojson(content: str, file_name: str, code_property: str = "") -> tuple[list[Feature], str]:
    """The features of a GeoJSON FeatureCollection (or a single Feature) and the code property used."""
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise BoundaryFileError(
            _("%(file)s is not valid JSON: line %(line)s, column %(column)s (%(error)s).")
            % {"file": file_name, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind == "Feature":
        raw_features = [data]
    elif kind == "FeatureCollection" and isinstance(data.get("features"), list):
        raw_features = data["features"]
    else:
        raise BoundaryFileError(
            _("%(file)s is not a GeoJSON FeatureCollection (its type is “%(type)s”); every feature needs a code.")
            % {"file": file_name, "type": kind}
        )
    if not raw_features:
        raise BoundaryFileError(_("%(file)s has no features.") % {"file": file_name})
    properties = [_lower_keys(f.get("properties") if isinstance(f, dict) else None) for f in raw_features]
    key = _choose_code_property(properties, file_name, code_property)
    features = [
        Feature(
            where=_("feature %(number)s") % {"number": number},
            code=normalise_code(props.get(key)),
            name=_feature_name(props),
            raw=raw.get("geometry") if isinstance(raw, dict) else None,
            index=number,
        )
        for number, (raw, props) in enumerate(zip(raw_features, properties, strict=True), start=1)
    ]
    return features, key


def _geojson_shape(raw: Any) -> MultiPolygon:
    return geometry.from_geojson(raw)


# --- SQL of wilayah_boundaries -----------------------------------------------------------------------


def _sql_problem(error: SqlReadError) -> str:
    expected = {"name": _("a name"), "value": _("a value")}
    details = {k: expected.get(str(v), v) for k, v in error.details.items()}
    messages = {
        "unclosed_text": _("a text value ('…') is not closed"),
        "unclosed_comment": _("a comment (/* …) is not closed"),
        "not_literal": _("“%(value)s” is not a literal value; only literal values are read, nothing is executed"),
        "expected": _("“%(expected)s” expected, found “%(found)s”"),
        "truncated": _("the statement ends where %(expected)s was due"),
        "no_values": _("INSERT INTO %(table)s has no VALUES rows; only literal rows are read"),
        "arity": _("%(values)s values for the columns %(columns)s"),
    }
    return messages[error.kind] % details


def read_wilayah_sql(content: str, file_name: str) -> list[Feature]:
    """The rows of ``INSERT INTO wilayah_boundaries`` as features; their paths are decoded later."""
    features: list[Feature] = []
    try:
        for row in insert_rows(content, WILAYAH_TABLE, WILAYAH_COLUMNS):
            if "kode" not in row.values or "path" not in row.values:
                raise BoundaryFileError(
                    _("%(file)s, line %(line)s: the INSERT has no “kode” or “path” column.")
                    % {"file": file_name, "line": row.line}
                )
            features.append(
                Feature(
                    where=_("line %(line)s") % {"line": row.line},
                    code=normalise_code(row.values["kode"]),
                    name=str(row.values.get("nama") or "").strip(),
                    raw=row.values["path"],
                    index=len(features) + 1,
                )
            )
    except SqlReadError as exc:
        raise BoundaryFileError(
            _("%(file)s, line %(line)s: %(problem)s.")
            % {"file": file_name, "line": exc.line, "problem": _sql_problem(exc)}
        ) from exc
    if not features:
        raise BoundaryFileError(
            _("%(file)s holds no INSERT INTO wilayah_boundaries statement with rows.") % {"file": file_name}
        )
    return features


def _sql_shape(raw: Any) -> MultiPolygon:
    if not isinstance(raw, str):
        raise GeometryError("missing")
    try:
        path = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GeometryError("json", exc.msg) from exc
    return geometry.from_lat_lng_rings(path)


# --- the plan -----------------------------------------------------------------------------------------


def detect_format(content: str, file_name: str) -> str:
    start = content.lstrip()[:1]
    if start in ("{", "["):
        return BoundaryFormat.GEOJSON
    if re.search(r"\b(INSERT|REPLACE)\s+(INTO\s+)?[`\"]?\w", content[:200_000], re.IGNORECASE):
        return BoundaryFormat.WILAYAH_SQL
    if file_name.lower().endswith((".geojson", ".json")):
        return BoundaryFormat.GEOJSON
    if file_name.lower().endswith(".sql"):
        return BoundaryFormat.WILAYAH_SQL
    raise BoundaryFileError(_("%(file)s is neither GeoJSON nor the SQL of wilayah_boundaries.") % {"file": file_name})


def _geometry_message(error: GeometryError, where: str, file_format: str) -> str:
    expected_order = "[lat, lng]" if file_format == BoundaryFormat.WILAYAH_SQL else "[lng, lat]"
    messages = {
        "missing": _("%(where)s has no geometry."),
        "type": _("%(where)s is a %(detail)s; only Polygon and MultiPolygon outline a region."),
        "structure": _("%(where)s: the coordinates are not nested as polygons of rings of positions (%(detail)s)."),
        "json": _("%(where)s: the path is not valid JSON (%(detail)s)."),
        "number": _("%(where)s: a position is not two numbers (%(detail)s)."),
        "ring": _("%(where)s: a ring has %(detail)s positions; a closed ring needs at least 4."),
        "outside": _("%(where)s: the position %(detail)s lies outside Indonesia."),
        "projected": _(
            "%(where)s: the position %(detail)s is not in degrees of longitude and latitude (a projected "
            "system such as UTM?). Export the file in WGS 84 (EPSG:4326)."
        ),
        "swapped": _("%(where)s: the positions are swapped (%(detail)s); this format needs %(order)s."),
    }
    return messages[error.kind] % {"where": where, "detail": error.detail, "order": expected_order}


def _swapped_message(file_name: str, file_format: str, example: str) -> str:
    if file_format == BoundaryFormat.WILAYAH_SQL:
        return _(
            "The coordinates of %(file)s are in [lng, lat] order (for example %(example)s), but the paths of "
            "wilayah_boundaries are [lat, lng]. Use the file as published upstream, or import it as GeoJSON."
        ) % {"file": file_name, "example": example}
    return _(
        "The coordinates of %(file)s are in [lat, lng] order (for example %(example)s), but GeoJSON requires "
        "[lng, lat]: longitude first. Export the file again from the GIS program, or swap the two numbers of "
        "every position, and upload it again."
    ) % {"file": file_name, "example": example}


def _decode(plan: BoundaryPlan, features: list[Feature], file_name: str) -> dict[str, list[Feature]]:
    """Shapes of the deployment's features, grouped by code; geometry errors go to ``plan.errors``."""
    decode = _sql_shape if plan.file_format == BoundaryFormat.WILAYAH_SQL else _geojson_shape
    by_code: dict[str, list[Feature]] = defaultdict(list)
    problems: list[tuple[Feature, GeometryError]] = []
    for feature in features:
        if not feature.code:
            plan.unmatched.append(feature)
            continue
        if not in_deployment(feature.code):
            plan.outside.append(feature)
            continue
        try:
            shape = decode(feature.raw)
            geometry.check_in_indonesia(shape)
        except GeometryError as error:
            problems.append((feature, error))
            continue
        by_code[feature.code].append(
            Feature(feature.where, feature.code, feature.name, geometry.rounded(shape), index=feature.index)
        )
    swapped = [(f, e) for f, e in problems if e.kind == "swapped"]
    if swapped and len(swapped) == len(problems):
        # One clear sentence for the usual mistake instead of the same line for every feature.
        feature, first = swapped[0]
        plan.errors.append(_swapped_message(file_name, plan.file_format, f"{first.detail}, {feature.where}"))
    else:
        plan.errors += [
            _geometry_message(error, f"{file_name}, {feature.where} ({feature.label})", plan.file_format)
            for feature, error in problems
        ]
    return by_code


def plan_import(content: bytes, file_name: str, file_format: str = "", code_property: str = "") -> BoundaryPlan:
    """Read ``content`` and match its features to the deployment's regions. Writes nothing.

    Raises ``BoundaryFileError`` when the file cannot be read at all; problems of single features are
    collected in ``plan.errors`` (each refuses the whole file), codes of the deployment that match no
    region in ``plan.unmatched``. A file with no feature of the deployment is an error.
    """
    checksum = hashlib.sha256(content).hexdigest()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BoundaryFileError(
            _("%(file)s is not UTF-8 text (byte %(offset)s); save it as UTF-8 and upload it again.")
            % {"file": file_name, "offset": exc.start + 1}
        ) from exc
    file_format = file_format or detect_format(text, file_name)
    plan = BoundaryPlan(file_name=file_name, checksum=checksum, file_format=file_format)
    if file_format == BoundaryFormat.GEOJSON:
        features, plan.code_property = read_geojson(text, file_name, code_property)
    else:
        features = read_wilayah_sql(text, file_name)
    plan.feature_count = len(features)
    by_code = _decode(plan, features, file_name)
    regions = Region.objects.in_bulk(list(by_code)) if by_code else {}
    for code, parts in sorted(by_code.items()):
        region = regions.get(code)
        if region is None:
            plan.unmatched.extend(parts)
            continue
        if len(parts) > 1:
            plan.notes.append(
                _("%(count)s features of %(code)s %(name)s (%(where)s) are joined into one boundary.")
                % {"count": len(parts), "code": code, "name": region.name, "where": ", ".join(p.where for p in parts)}
            )
        plan.matched.append(
            MatchedFeature(
                region=region,
                name_in_file=parts[0].name,
                shape=geometry.merge(p.shape for p in parts if p.shape is not None),
                wheres=tuple(p.where for p in parts),
            )
        )
    plan.unmatched.sort(key=lambda f: f.index)
    if not plan.matched and not plan.errors:
        plan.errors.append(_nothing_matches(plan, file_name))
    matched_codes = [m.region.code for m in plan.matched]
    plan.replaced_codes = set(Boundary.objects.filter(region_id__in=matched_codes).values_list("region_id", flat=True))
    plan.kelurahan_missing = list(
        Region.objects.in_deployment().villages().exclude(code__in=matched_codes).order_by("code")
    )
    if plan.outside:
        plan.notes.append(
            ngettext(
                "%(count)s feature of other regions is left out.",
                "%(count)s features of other regions are left out.",
                len(plan.outside),
            )
            % {"count": len(plan.outside)}
        )
    return plan


def _nothing_matches(plan: BoundaryPlan, file_name: str) -> str:
    found = [f.code for f in plan.outside + plan.unmatched]
    message = _(
        "Features don't match kelurahan codes: none of the %(count)s features of %(file)s is a region of "
        "%(region)s. Codes in the file: %(codes)s."
    ) % {
        "count": plan.feature_count,
        "file": file_name,
        "region": deployment_label(),
        "codes": listing(f"{f.label} ({f.where})" for f in plan.outside + plan.unmatched) or "—",
    }
    if any(code.isdigit() for code in found):
        message += " " + _(
            "Codes without dots (3375041004) may be BPS codes, which number kecamatan differently: the "
            "file needs Kemendagri codes with dots (33.75.04.1004)."
        )
    elif found and not any(_KEMENDAGRI_CODE.fullmatch(code) for code in found):
        message += " " + _("Is another property the Kemendagri code? Choose it and check the file again.")
    else:
        message += " " + _("Is this the file of another kabupaten/kota?")
    return message
