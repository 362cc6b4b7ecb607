"""The indicator catalogue, as ``catalogue.CATALOGUE`` stood when this migration was written.

A frozen copy (migrations must not change when the code does); a test checks that the table matches the
code's catalogue, so a later change to the list comes with a migration of its own. Names are English
source strings, translated at display.
"""

from django.db import migrations

# code, name, unit, decimals, direction, minimum, maximum, description
CATALOGUE = [
    (
        "P0",
        "Poverty rate (P0)",
        "percent",
        2,
        "lower",
        "0",
        "100",
        "Share of the population living below the poverty line (BPS, Susenas March).",
    ),
    (
        "JML_MISKIN",
        "Number of poor people",
        "persons",
        0,
        "lower",
        "0",
        "10000000",
        "People living below the poverty line; BPS publishes it in thousands.",
    ),
    (
        "P1",
        "Poverty depth index (P1)",
        "index",
        2,
        "lower",
        "0",
        "100",
        "Average gap between the spending of the poor and the poverty line.",
    ),
    (
        "P2",
        "Poverty severity index (P2)",
        "index",
        2,
        "lower",
        "0",
        "100",
        "Inequality of spending among the poor.",
    ),
    (
        "GK",
        "Poverty line",
        "rupiah_capita_month",
        0,
        "neutral",
        "1",
        "10000000",
        "Spending per capita per month below which a person counts as poor (food and non-food lines).",
    ),
    (
        "TPT",
        "Open unemployment rate (TPT)",
        "percent",
        2,
        "lower",
        "0",
        "100",
        "Share of the labour force without work and looking for it (BPS, Sakernas August).",
    ),
    (
        "PE",
        "Economic growth",
        "percent_growth",
        2,
        "higher",
        "-100",
        "100",
        "Growth of the gross regional domestic product at constant prices.",
    ),
    (
        "GINI",
        "Gini ratio",
        "index",
        3,
        "lower",
        "0",
        "1",
        "Inequality of spending across the whole population, from 0 (equal) to 1.",
    ),
    (
        "IPM",
        "Human development index (IPM)",
        "index",
        2,
        "higher",
        "0",
        "100",
        "Health, education and purchasing power combined (BPS method since 2010).",
    ),
    (
        "PENDUDUK",
        "Population",
        "persons",
        0,
        "neutral",
        "0",
        "100000000",
        "Residents (BPS projection, or the census in census years).",
    ),
]


def seed(apps, schema_editor):
    from decimal import Decimal

    indicator = apps.get_model("indicators", "Indicator")
    for position, (code, name, unit, decimals, direction, low, high, description) in enumerate(CATALOGUE, start=1):
        indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "decimals": decimals,
                "direction": direction,
                "minimum": Decimal(low),
                "maximum": Decimal(high),
                "description": description,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(code__in=[row[0] for row in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
