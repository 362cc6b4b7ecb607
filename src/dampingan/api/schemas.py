import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, cast, get_args, get_origin

from django.core.validators import MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, GetCoreSchemaHandler, Strict, model_validator
from pydantic_core import CoreSchema

from dampingan.mentoring.models import Opd, ProblemCategory

# A list's offset: a negative one is refused (422) instead of failing inside (Django cannot slice from the end),
# and so is one past what a database integer holds (5588386137010703695872 answered 500).
Offset = Annotated[int, Field(ge=0, le=2147483647, description="Rows to skip (0 or more)")]

# The published schema says what the services refuse (schemathesis found 422 answered to requests
# the schema called valid, and bodies the schema called invalid accepted). JSON numbers and booleans are taken
# as they are typed: "2" is not an integer, 0 is not a boolean, false is not a number.


def _json_integer(value: Any) -> Any:
    """An integer as JSON Schema counts them (2 and 2.0), not as text ("2") or a boolean (true)."""
    if isinstance(value, bool | str) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(_('Give a whole number, written as a JSON number (2, not "2").'))
    return int(value) if isinstance(value, float) else value


Int = Annotated[int, BeforeValidator(_json_integer)]


def integer(**constraints: Any) -> Any:
    """A JSON integer with pydantic ``Field`` constraints (ge, le, description); the constraints come first so
    that the published schema states them as minimum and maximum."""
    return Annotated[int, Field(**constraints), BeforeValidator(_json_integer)]


def _written(pattern: str, refusal: Callable[[], str]) -> Any:
    """A date or time given as text in ISO 8601 (what the schema's ``format`` says), not as a number of seconds
    since 1970 that pydantic would otherwise take ("0" is 1 January 1970)."""

    def check(value: Any) -> Any:
        if (isinstance(value, str) and not re.match(pattern, value)) or isinstance(value, int | float):
            raise ValueError(refusal())
        return value

    return BeforeValidator(check)


Day = Annotated[date, _written(r"\d{4}-\d{2}-\d{2}$", lambda: _("Give a date as YYYY-MM-DD, e.g. 2025-06-26."))]
Moment = Annotated[
    datetime,
    _written(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}",
        lambda: _("Give a date and time as YYYY-MM-DDTHH:MM, e.g. 2025-06-26T09:00:00+07:00."),
    ),
]
Bool = Annotated[bool, Strict()]
Number = Annotated[float, Strict()]

# Text that says something: a character other than a space, and no NUL anywhere (PostgreSQL cannot store one).
FILLED = r"^[^\u0000]*[^\s\u0000][^\u0000]*$"
# Any text but a NUL.
NO_NUL = r"^[^\u0000]*$"

# A text in the path of a URL (a region's or an indicator's code): NUL refused (422).
PathText = Annotated[str, Field(pattern=NO_NUL)]

# The range of each integer column, as PostgreSQL stores it (Django's integer_field_ranges).
_INTEGER_RANGES = {
    "SmallIntegerField": (-32768, 32767),
    "PositiveSmallIntegerField": (0, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "PositiveIntegerField": (0, 2147483647),
    "BigIntegerField": (-9223372036854775808, 9223372036854775807),
    "PositiveBigIntegerField": (0, 9223372036854775807),
    "AutoField": (1, 2147483647),
    "BigAutoField": (1, 9223372036854775807),
}
# An id in a body or a query: what a BigAutoField holds.
Id = Annotated[int, Field(ge=1, le=9223372036854775807), BeforeValidator(_json_integer)]
QueryId = Annotated[int, Field(ge=1, le=9223372036854775807)]


def one_of(values: list[int]) -> Any:
    """An integer among ``values`` (an IntegerChoices), published as an enum; in a query string too."""

    def check(value: int) -> int:
        if value not in values:
            raise ValueError(_("Choose one of: %(choices)s.") % {"choices": ", ".join(map(str, values))})
        return value

    return Annotated[int, AfterValidator(check), published(enum=values)]


def published(**constraints: Any) -> Any:
    """Constraints for the published schema only: the service checks them, with its own field-keyed
    messages (422 ``{"detail": {"field": [...]}}``), so the API refuses what the schema calls invalid."""
    return Field(json_schema_extra=constraints)


def column(model: type[models.Model], name: str, *, required: bool | None = None) -> Any:
    """The type of a body field stored in ``model.name``, as the model's validation (``full_clean``) takes it:
    its choices as an enum, text as long as the column holds and not blank unless the column allows it (after
    stripping), an e-mail address for an EmailField. ``required`` overrides the column's ``blank``, for a
    service that insists on a value. Integers are held to the column's range here, as SQLite would store what
    PostgreSQL refuses. Schemas declare it with ``Column`` (below), which the type checker can read."""
    field = cast("models.Field[Any, Any]", model._meta.get_field(name))  # a column, not a reverse relation
    blank = field.blank if required is None else not required
    internal = field.get_internal_type()
    if field.choices:
        values = [value for value, _label in field.flatchoices if value not in ("", None)]
        if isinstance(values[0], int):
            return Annotated[int, published(enum=values), BeforeValidator(_json_integer)]
        return Annotated[str, published(enum=[""] * blank + values)]
    if internal in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[internal]
        for validator in field._validators:  # type: ignore[attr-defined]  # the column's own bounds (priority 1..99)
            if isinstance(validator, MinValueValidator):
                low = max(low, validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                high = min(high, validator.limit_value)
        return Annotated[int, Field(ge=low, le=high), BeforeValidator(_json_integer)]
    if internal == "BooleanField":
        return Bool
    text: dict[str, Any] = {"maxLength": field.max_length} if field.max_length else {}
    if isinstance(field, models.EmailField):
        email: dict[str, Any] = {"anyOf": [{"type": "string", "const": ""}, {"type": "string", "format": "email"}]}
        email = email if blank else {"format": "email"}
        return Annotated[str, published(**text, **email)]
    if not blank:
        text |= {"minLength": 1, "pattern": FILLED}
    return Annotated[str, published(**text)]


@dataclass(frozen=True)
class Column:
    """A body field typed as its column: ``title: Annotated[str, Column(Problem, "title")]``.

    The type checker reads the declared Python type; pydantic validates and publishes what ``column`` computes
    from the model. They cannot drift apart: a declared type other than the column's (``int`` for a text
    column) is refused when the schema is built, at import. A field that may be left out of a patch is
    declared ``str | None`` with the default ``None``: the value is then either absent (None) or the column's
    type, and an explicit JSON null is refused as before.
    """

    model: type[models.Model]
    name: str
    required: bool | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        computed = column(self.model, self.name, required=self.required)
        declared = {arg for arg in get_args(source) if arg is not type(None)} if get_origin(source) else {source}
        base = get_args(computed)[0] if get_origin(computed) is Annotated else computed
        if declared != (set(get_args(base)) if get_origin(base) else {base}):
            raise TypeError(f"{self.model.__name__}.{self.name} is {base}, declared as {source}")
        return handler.generate_schema(computed)


# Amounts as the services read them (lib/money.py): a JSON number, or text written the Indonesian way
# ("Rp 1.500.000,50", "2.000") or as machines write it ("1500000.5"); never negative, at most two decimals.
_CURRENCY = r"^\s*(?:[Rr][Pp]\.?|IDR|idr)?\s*"


def _amount_published(max_digits: int) -> Any:
    """The published schema of an amount of a DecimalField with two decimals and ``max_digits`` digits."""
    whole = max_digits - 2
    indonesian = rf"(?:\d{{1,{whole}}}|\d{{1,3}}(?:\.\d{{3}}){{1,{(whole - 1) // 3}}})(?:,\d{{1,2}})?"
    text = rf"(?:{indonesian}|\d{{1,{whole}}}\.\d{{1,2}})"
    return published(
        anyOf=[
            {"type": "number", "minimum": 0, "maximum": float("9" * whole + ".99"), "multipleOf": 0.01},
            {"type": "string", "pattern": _CURRENCY + text + r"\s*$"},
        ]
    )


# Money of a budget line or a progress report (DecimalField, 16 digits), and a quantity of an intervention's output
# (its target and what was achieved, 12 digits).
Amount: TypeAlias = Annotated[Decimal | str, _amount_published(16)]
OutputQuantity: TypeAlias = Annotated[Decimal | str, _amount_published(12)]


# A percentage 0-100 with at most two decimals, as a number or as text ("37,5").
Percent = Annotated[
    Decimal | str,
    published(
        anyOf=[
            {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01},
            {"type": "string", "pattern": r"^\s*(?:100(?:[.,]0{1,2})?|\d{1,2}(?:[.,]\d{1,2})?)\s*$"},
        ]
    ),
]


def non_empty_file(name: str = "file") -> dict[str, Any]:
    """``openapi_extra`` of an upload: the file part must have content (an empty part counts as no file)."""
    return {"requestBody": {"content": {"multipart/form-data": {"schema": {"properties": {name: {"minLength": 1}}}}}}}


class BodyIn(Schema):
    """A request body. A field the schema does not name is refused (422) instead of being ignored; text is
    stripped of surrounding spaces, as the pages' forms strip it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        """No NUL character in any text of the body: PostgreSQL cannot store one (a 500)."""
        if _holds_nul(data):
            raise ValueError(str(ProhibitNullCharactersValidator.message))
        return data


def _holds_nul(data: Any) -> bool:
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(_holds_nul(key) or _holds_nul(value) for key, value in data.items())
    if isinstance(data, list):
        return any(_holds_nul(value) for value in data)
    return False


def _no_null_defaults(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("default", "") is None:
            del prop["default"]


class PatchIn(BodyIn):
    """A partial update: only the fields sent change. A field left out is not null: sending null for a field
    that cannot be empty is refused (422) like any other wrong type. Hence a default of None on a type without
    None: a ``Column`` field declares ``T | None`` for mypy and validates the column's type only; another field
    keeps its type without None, and mypy's ``assignment`` error is ignored."""

    model_config = ConfigDict(json_schema_extra=_no_null_defaults)


class RegionOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    postal_code: str


class RegionDetailOut(RegionOut):
    mentoring_opd: str | None


class OpdOut(Schema):
    id: int
    name: str
    abbreviation: str
    kind: str
    head_name: str
    head_position: str
    phone: str
    email: str
    address: str
    problem_categories: list[str]
    is_active: bool


if TYPE_CHECKING:
    OpdCategories = list[str]
else:  # the categories as an enum in the published schema: a type computed from the model's choices
    OpdCategories = list[Literal[tuple(ProblemCategory.values)]]


class OpdIn(BodyIn):
    name: Annotated[str, Column(Opd, "name")]
    abbreviation: Annotated[str, Column(Opd, "abbreviation")]
    kind: Annotated[str, Column(Opd, "kind")]
    head_name: Annotated[str, Column(Opd, "head_name")] = ""
    head_position: Annotated[str, Column(Opd, "head_position")] = ""
    phone: Annotated[str, Column(Opd, "phone")] = ""
    email: Annotated[str, Column(Opd, "email")] = ""
    address: Annotated[str, Column(Opd, "address")] = ""
    problem_categories: OpdCategories = []
    is_active: Bool = True


class OpdPatch(PatchIn):
    name: Annotated[str | None, Column(Opd, "name")] = None
    abbreviation: Annotated[str | None, Column(Opd, "abbreviation")] = None
    kind: Annotated[str | None, Column(Opd, "kind")] = None
    head_name: Annotated[str | None, Column(Opd, "head_name")] = None
    head_position: Annotated[str | None, Column(Opd, "head_position")] = None
    phone: Annotated[str | None, Column(Opd, "phone")] = None
    email: Annotated[str | None, Column(Opd, "email")] = None
    address: Annotated[str | None, Column(Opd, "address")] = None
    problem_categories: OpdCategories = None  # type: ignore[assignment]
    is_active: Bool = None  # type: ignore[assignment]


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    opd: str | None
    region_code: str | None
    city_wide: bool
    region_codes: list[str]
    capabilities: list[str]


class ErrorOut(Schema):
    detail: str | dict | list


class ReleaseOut(Schema):
    id: int
    source: str
    status: str
    sk_number: str
    sk_date: date | None
    data_date: date | None
    file_name: str
    file_title: str
    imported_by: str
    imported_at: datetime
    approved_by: str | None
    approved_at: datetime | None
    household_count: int
    family_count: int
    member_count: int
    excluded_row_count: int
    warning_count: int
    notes: str


class DesilRowOut(Schema):
    kelurahan_code: str
    kelurahan_name: str
    desil: list[int]
    desil_1_4: int
    total: int


class DiffRowOut(Schema):
    kelurahan_code: str
    before: int
    after: int
    entered: int
    left: int
    down: int
    up: int
    same: int
    unranked: int
    graduated: int


class HouseholdOut(Schema):
    id: int
    release_id: int
    registry_id: str
    kelurahan_code: str
    address: str
    rt: str
    rw: str
    member_count: int
    family_count: int
    desil: int | None
    head_name: str | None
    head_nik: str | None
    deprivations: list[str]


class MemberOut(Schema):
    id: int
    household_id: int
    no_kk: str | None
    nik: str | None
    registry_id: str
    name: str
    relationship_to_head: int | None
    sex: int | None
    birth_place: str
    birth_date: date | None
    marital_status: int | None
    disability: int | None
    chronic_illness: int | None
    school_participation: int | None
    education: int | None
    work_status: int | None
    employment_status: int | None
    work_sector: int | None


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]
    attributes: dict[str, int | str | None]
    assets: list[str] | None = Field(
        description="Codes of the assets held (registry/codes.py); null when the release did not record them"
    )
    programme_cards: list[str] | None = Field(
        description="Codes of the programme cards held (KKS, KIP, KIS/PBI, ...); null when not recorded"
    )


class HouseholdPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[HouseholdOut]


class UploadOut(Schema):
    id: int
    file_name: str
    source: str
    status: str
    status_label: str
    progress_stage: str
    progress_label: str
    progress_done: int
    progress_total: int
    percent: int
    summary: dict
    error_message: str
    release_id: int | None
    created_at: datetime
