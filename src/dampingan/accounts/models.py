from __future__ import annotations

import hashlib
import logging
import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dampingan.access.roles import Role
from dampingan.regions.models import RegionLevel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

security_log = logging.getLogger("dampingan.security")


class User(AbstractUser):
    """A person using Dampingan. ``role`` says what it may do; ``opd``/``region`` say where."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    opd = models.ForeignKey(
        "mentoring.Opd",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Required for OPD mentors: the agency whose assigned kelurahan the user works in."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Required for a camat (the kecamatan) and a lurah (the kelurahan or desa)."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    # Set by ``AbstractBaseUser.set_password`` to the new raw password until the next save; not in the stubs.
    _password: str | None

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.OPD_MENTOR) | models.Q(opd__isnull=False),
                name="user_opd_mentor_has_opd",
                violation_error_message=_("An OPD mentor must belong to an OPD."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=[Role.CAMAT, Role.LURAH]) | models.Q(region__isnull=False),
                name="user_camat_lurah_has_region",
                violation_error_message=_("A camat or lurah must have a region."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.OPD_MENTOR and self.opd_id is None:
            raise ValidationError({"opd": _("An OPD mentor must belong to an OPD.")})
        levels: dict[str, RegionLevel] = {Role.CAMAT: RegionLevel.KECAMATAN, Role.LURAH: RegionLevel.DESA_KELURAHAN}
        expected = levels.get(self.role)
        if expected is not None and (self.region is None or self.region.level != expected):
            raise ValidationError(
                {
                    "region": _("A camat needs a kecamatan.")
                    if self.role == Role.CAMAT
                    else _("A lurah needs a kelurahan or desa.")
                }
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password (changed, reset, or set by the administrator) ends the user's API tokens at once: a token
        # issued under the old password must not outlive it. ``_password`` is set by ``set_password`` only.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            ended = self.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
            if ended:
                security_log.warning("%s API token(s) of user %s revoked: the password changed", ended, self.username)

    @property
    def role_label(self) -> StrOrPromise:
        return Role(self.role).label

    # The TKPK administrator runs the whole system, Django's admin site included, without per-model grants.
    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        return (self.is_active and self.role == Role.TKPK_ADMIN) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return (self.is_active and self.role == Role.TKPK_ADMIN) or super().has_module_perms(app_label)


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the key is shown once, when it is made."""

    PREFIX = "dmp_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    key_prefix = models.CharField(_("key starts with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        key = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_prefix=key[:10], key_hash=_hash_key(key))
        return token, key

    @classmethod
    def find_active(cls, key: str) -> ApiToken | None:
        return cls.objects.active().select_related("user").filter(key_hash=_hash_key(key)).first()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class PasswordResetRequest(models.Model):
    """One request for a password reset e-mail, kept a day: what limits how many an address or a computer may
    ask for (``accounts.reset_limits``). The e-mail address is kept only as a hash."""

    address_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.ip_address or ''}"
