"""Coded registry attributes, stored as the codes of the DTKS/BDT questionnaire (labels translated).

The numbering follows the BDT/DTKS household questionnaire as used in SIKS-NG exports. Values outside a
code list are rejected by the import with row and column, never guessed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    DTKS = "dtks", _("DTKS (Kemensos, SIKS-NG)")
    P3KE = "p3ke", _("P3KE (extreme poverty)")
    DTSEN = "dtsen", _("DTSEN (national single socio-economic data)")
    LOCAL_SURVEY = "local", _("Local survey")


# Inpres 4/2025 merges DTKS, P3KE and Regsosek into DTSEN, and Permensos 3/2025 revokes the DTKS regulation: a
# DTSEN release made current supersedes the current release of the sources it replaces. Their releases stay
# readable (the release diff, the trajectories); a local survey stays current beside DTSEN.
REPLACED_BY: dict[str, tuple[str, ...]] = {Source.DTSEN: (Source.DTKS, Source.P3KE)}


class Sex(models.IntegerChoices):
    MALE = 1, _("Male")
    FEMALE = 2, _("Female")


class RelationshipToHead(models.IntegerChoices):
    HEAD = 1, _("Head")
    SPOUSE = 2, _("Wife/husband")
    CHILD = 3, _("Child")
    CHILD_IN_LAW = 4, _("Son/daughter-in-law")
    GRANDCHILD = 5, _("Grandchild")
    PARENT = 6, _("Parent/parent-in-law")
    HOUSEHOLD_HELP = 7, _("Household help")
    OTHER = 8, _("Other")


class MaritalStatus(models.IntegerChoices):
    SINGLE = 1, _("Not married")
    MARRIED = 2, _("Married")
    DIVORCED = 3, _("Divorced")
    WIDOWED = 4, _("Widowed")


class SchoolParticipation(models.IntegerChoices):
    NEVER = 0, _("Never attended school")
    ATTENDING = 1, _("Attending school")
    LEFT = 2, _("No longer in school")


class Education(models.IntegerChoices):
    NONE = 0, _("No schooling / not finished primary")
    SD = 1, _("Primary (SD/MI/Paket A)")
    SMP = 2, _("Lower secondary (SMP/MTs/Paket B)")
    SMA = 3, _("Upper secondary (SMA/SMK/MA/Paket C)")
    DIPLOMA = 4, _("Diploma (D1-D3)")
    UNIVERSITY = 5, _("University (D4/S1 or higher)")


class WorkStatus(models.IntegerChoices):
    NOT_WORKING = 0, _("Not working")
    WORKING = 1, _("Working")


class WorkSector(models.IntegerChoices):
    AGRICULTURE = 1, _("Agriculture, forestry, fisheries")
    MANUFACTURING = 2, _("Manufacturing (including batik)")
    CONSTRUCTION = 3, _("Construction")
    TRADE = 4, _("Trade")
    TRANSPORT = 5, _("Transport and storage")
    ACCOMMODATION_FOOD = 6, _("Accommodation and food")
    SERVICES = 7, _("Other services")
    GOVERNMENT = 8, _("Government, education, health")
    OTHER = 9, _("Other")


class EmploymentStatus(models.IntegerChoices):
    """Status kedudukan dalam pekerjaan, as the BDT/DTKS member questionnaire numbers it."""

    OWN_ACCOUNT = 1, _("Own-account worker")
    EMPLOYER_TEMPORARY = 2, _("Employer with temporary or unpaid workers")
    EMPLOYER_PERMANENT = 3, _("Employer with permanent paid workers")
    EMPLOYEE = 4, _("Private employee")
    CIVIL_SERVANT = 5, _("Civil servant, military, police, state enterprise or legislator")
    CASUAL_AGRICULTURE = 6, _("Casual worker in agriculture")
    CASUAL_NON_AGRICULTURE = 7, _("Casual worker outside agriculture")
    FAMILY_WORKER = 8, _("Unpaid family worker")


class Disability(models.IntegerChoices):
    NONE = 0, _("None")
    PHYSICAL = 1, _("Physical")
    SENSORY = 2, _("Sensory (sight, hearing, speech)")
    INTELLECTUAL = 3, _("Intellectual")
    MENTAL = 4, _("Mental")
    MULTIPLE = 5, _("Multiple")


class ChronicIllness(models.IntegerChoices):
    NONE = 0, _("None")
    HYPERTENSION = 1, _("Hypertension")
    DIABETES = 2, _("Diabetes")
    HEART = 3, _("Heart disease")
    TUBERCULOSIS = 4, _("Tuberculosis")
    CANCER = 5, _("Cancer")
    STROKE = 6, _("Stroke")
    OTHER = 7, _("Other chronic illness")


class HouseTenure(models.IntegerChoices):
    OWN = 1, pgettext_lazy("house tenure", "Own")
    RENTED = 2, _("Rented/contract")
    RENT_FREE = 3, _("Rent-free")
    OFFICIAL = 4, _("Official housing")
    OTHER = 5, _("Other")


class FloorType(models.IntegerChoices):
    MARBLE = 1, _("Marble/granite")
    CERAMIC = 2, _("Ceramic tiles")
    PARQUET = 3, _("Parquet/vinyl/carpet")
    TILE = 4, _("Tiles/terrazzo")
    WOOD_GOOD = 5, _("Good-quality wood")
    CEMENT = 6, _("Cement/red brick")
    BAMBOO = 7, _("Bamboo")
    WOOD_POOR = 8, _("Poor-quality wood")
    EARTH = 9, _("Earth")
    OTHER = 10, _("Other")


class WallType(models.IntegerChoices):
    BRICK = 1, _("Brick wall")
    PLASTERED_BAMBOO = 2, _("Plastered bamboo/wire")
    WOOD = 3, _("Wood")
    WOVEN_BAMBOO = 4, _("Woven bamboo")
    LOGS = 5, _("Logs")
    BAMBOO = 6, _("Bamboo")
    OTHER = 7, _("Other")


class RoofType(models.IntegerChoices):
    CONCRETE = 1, _("Concrete")
    CERAMIC_TILE = 2, _("Ceramic roof tiles")
    METAL_TILE = 3, _("Metal roof tiles")
    CLAY_TILE = 4, _("Clay roof tiles")
    ASBESTOS = 5, _("Asbestos")
    ZINC = 6, _("Zinc sheets")
    SHINGLE = 7, _("Wooden shingles")
    BAMBOO = 8, _("Bamboo")
    THATCH = 9, _("Straw/palm thatch")
    OTHER = 10, _("Other")


class Condition(models.IntegerChoices):
    GOOD = 1, _("Good")
    POOR = 2, _("Poor")


class WaterSource(models.IntegerChoices):
    BOTTLED = 1, _("Bottled water")
    REFILL = 2, _("Refill water")
    PIPED_METER = 3, _("Piped water, metered")
    PIPED_RETAIL = 4, _("Piped water, retail")
    BOREHOLE = 5, _("Borehole/pump")
    PROTECTED_WELL = 6, _("Protected well")
    UNPROTECTED_WELL = 7, _("Unprotected well")
    PROTECTED_SPRING = 8, _("Protected spring")
    UNPROTECTED_SPRING = 9, _("Unprotected spring")
    SURFACE = 10, _("River/lake/reservoir")
    RAIN = 11, _("Rainwater")
    OTHER = 12, _("Other")


class LightingSource(models.IntegerChoices):
    PLN = 1, _("PLN electricity")
    NON_PLN = 2, _("Non-PLN electricity")
    NONE = 3, _("No electricity")


class PowerCapacity(models.IntegerChoices):
    VA_450 = 1, _("450 VA")
    VA_900 = 2, _("900 VA")
    VA_1300 = 3, _("1,300 VA")
    VA_2200 = 4, _("2,200 VA")
    OVER_2200 = 5, _("Over 2,200 VA")
    NO_METER = 6, _("No meter")


class CookingFuel(models.IntegerChoices):
    ELECTRICITY = 1, _("Electricity")
    GAS_LARGE = 2, _("LPG over 3 kg")
    GAS_3KG = 3, _("LPG 3 kg")
    CITY_GAS = 4, _("City gas/biogas")
    KEROSENE = 5, _("Kerosene")
    BRIQUETTE = 6, _("Briquettes")
    CHARCOAL = 7, _("Charcoal")
    FIREWOOD = 8, _("Firewood")
    NO_COOKING = 9, _("Does not cook at home")


class ToiletFacility(models.IntegerChoices):
    OWN = 1, pgettext_lazy("toilet", "Own")
    SHARED = 2, _("Shared")
    PUBLIC = 3, _("Public")
    NONE = 4, _("None")


ASSETS = {
    "gas_cylinder": _("Gas cylinder 5.5 kg or more"),
    "fridge": _("Refrigerator"),
    "air_conditioner": _("Air conditioner"),
    "water_heater": _("Water heater"),
    "phone": _("Landline or mobile phone"),
    "television": _("Television"),
    "gold": _("Gold/jewellery worth 10 g or more"),
    "computer": _("Computer/laptop"),
    "bicycle": _("Bicycle"),
    "motorcycle": _("Motorcycle"),
    "car": _("Car"),
    "boat": _("Boat"),
    "outboard_motor": _("Outboard motor"),
    "motor_boat": _("Motor boat"),
    "ship": _("Ship"),
}

PROGRAMME_CARDS = {
    "kks": _("KKS (family welfare card)"),
    "kip": _("KIP (smart Indonesia card)"),
    "kis_pbi": _("KIS/PBI (subsidised health insurance)"),
    "bpjs_mandiri": _("BPJS paid by the household"),
    "pkh": _("PKH (family hope programme)"),
    "bpnt": _("Rastra/BPNT (food assistance)"),
    "kur": _("KUR (people's business credit)"),
}
