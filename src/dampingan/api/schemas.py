from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

# A list's offset: a negative one is refused (422) instead of failing inside (Django cannot slice from the end).
Offset = Annotated[int, Field(ge=0, description="Rows to skip (0 or more)")]


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


class OpdIn(Schema):
    name: str
    abbreviation: str
    kind: str
    head_name: str = ""
    head_position: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    problem_categories: list[str] = []
    is_active: bool = True


class OpdPatch(Schema):
    name: str | None = None
    abbreviation: str | None = None
    kind: str | None = None
    head_name: str | None = None
    head_position: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    problem_categories: list[str] | None = None
    is_active: bool | None = None


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
