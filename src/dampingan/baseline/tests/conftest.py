"""Baseline records made through the services, as the pages would, for the demo personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dampingan.baseline import services
from dampingan.baseline.models import Potential, Problem
from dampingan.regions.models import Region

JENGGOT = "33.75.04.1004"  # mentored by DLH (mentor_dlh)
BANYURIP = "33.75.04.1002"  # lurah_banyurip's kelurahan, mentored by BPBD
MEDONO = "33.75.01.1002"  # Pekalongan Barat: outside the camat's kecamatan


@pytest.fixture
def make_problem(persona):
    def make(code: str, by: str = "tkpk", **fields: Any) -> Problem:
        data = {"category": "perumahan", "title": "Rumah tidak layak huni", "severity": 3, "priority": 1}
        data.update(fields)
        return services.create_problem(persona(by), Region.objects.get(code=code), data)

    return make


@pytest.fixture
def make_potential(persona):
    def make(code: str, by: str = "tkpk", **fields: Any) -> Potential:
        data = {"sector": "batik", "name": "Batik tulis", "enterprises": 12, "workers": 40}
        data.update(fields)
        return services.create_potential(persona(by), Region.objects.get(code=code), data)

    return make


def days_ago(n: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=n)
