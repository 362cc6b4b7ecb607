from ninja import Schema


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
