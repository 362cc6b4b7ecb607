"""What every text Dampingan stores is spared: bidirectional controls (``lib.bidi``), whichever way it comes in
(a page's form, the API, the admin, a service). One rule at save time rather than one per form and schema: a
form or an endpoint added later is covered without remembering it."""

from django.db import models

from dampingan.lib.bidi import has_bidi_controls, without_bidi_controls


def strip_bidi_controls(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: object
) -> None:
    """``pre_save`` receiver for Dampingan's own models (core/apps.py); fixtures loaded raw are left as they are."""
    if raw or not sender.__module__.startswith("dampingan."):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and has_bidi_controls(value):
                setattr(instance, field.attname, without_bidi_controls(value))
