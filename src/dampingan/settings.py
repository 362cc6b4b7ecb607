"""One settings module, driven by environment variables (see docs/deploy.md).

With nothing set, Dampingan runs on an embedded SQLite database under ``./var`` for Kota Pekalongan.
Production sets ``DATABASE_URL`` (PostgreSQL), ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DAMPINGAN_HTTPS``.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DAMPINGAN_DATA_DIR", "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd credentials)."""
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    return None


def _generated_secret_key() -> str:
    # A fresh clone must run with zero set-up, yet no key may be hard-coded: keep a random one in DATA_DIR.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = env_secret("SECRET_KEY") or _generated_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The kabupaten/kota this deployment serves (Kemendagri code). Checked by system check dampingan.E001.
DAMPINGAN_REGION = os.environ.get("DAMPINGAN_REGION", "33.75").strip()
# Largest photo or document attached to a meeting (coordination/meeting_attachments.py); 10 MB by default.
DAMPINGAN_MEETING_ATTACHMENT_MAX_BYTES = int(os.environ.get("DAMPINGAN_MEETING_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

INSTALLED_APPS = [
    "dampingan.jobs",
    "dampingan.accounts",
    "dampingan.regions",
    "dampingan.mentoring",
    "dampingan.registry",
    "dampingan.profiles",
    "dampingan.baseline",
    "dampingan.visits",
    "dampingan.interventions",
    "dampingan.coordination",
    "dampingan.geo",
    "dampingan.indicators",
    "dampingan.dashboard",
    "dampingan.reports",
    "dampingan.demo",
    "dampingan.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Only for its templates and static files: /api/docs then serves Swagger UI from the wheel, not a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dampingan.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dampingan.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dampingan.access.middleware.ScopeMiddleware",
    "dampingan.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dampingan.urls"
WSGI_APPLICATION = "dampingan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dampingan.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'dampingan.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE avoids "database is locked" when the web process and the task worker both write.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, aware of the registry tables partitioned by release (core/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "dampingan.core.postgresql"
    # A web request's statements stop before gunicorn kills the request (gunicorn_conf.py, 30 s): otherwise
    # PostgreSQL runs the killed request's query on for minutes. Only the web process (wsgi.py says so);
    # imports, reports and the console run unbounded.
    DAMPINGAN_WEB_STATEMENT_TIMEOUT = int(os.environ.get("DAMPINGAN_WEB_STATEMENT_TIMEOUT", "25"))
    if os.environ.get("DAMPINGAN_PROCESS") == "web" and DAMPINGAN_WEB_STATEMENT_TIMEOUT > 0:
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"-c statement_timeout={DAMPINGAN_WEB_STATEMENT_TIMEOUT}s"
else:
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...) or SQLite (sqlite:///...).")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Failed logins are throttled by django-axes, per account and per address: after AXES_FAILURE_LIMIT
# failures in a row the account, or the address, waits AXES_COOLOFF_TIME; a successful login clears the count
# of its account and address, so an office behind one address is not locked out by a colleague's typos.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("DAMPINGAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("DAMPINGAN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dampingan.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False  # accounts/signals.py logs failures and lockouts to the security log
# Password reset e-mails asked for in an hour, per e-mail address and per client address (accounts/reset_limits.py).
DAMPINGAN_RESET_EMAILS_PER_HOUR = int(os.environ.get("DAMPINGAN_RESET_EMAILS_PER_HOUR", "3"))
DAMPINGAN_RESET_REQUESTS_PER_IP_PER_HOUR = int(os.environ.get("DAMPINGAN_RESET_REQUESTS_PER_IP_PER_HOUR", "10"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("DAMPINGAN_COLLECTSTATIC", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and `make run` serve static files straight from the package; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or not env_bool("DAMPINGAN_COLLECTSTATIC", True)
if WHITENOISE_USE_FINDERS and not STATIC_ROOT.exists() and STATIC_ROOT.parent == DATA_DIR:
    # WhiteNoise warns at every worker start about a missing STATIC_ROOT ("No directory at: …/staticfiles/"), which
    # `make run`, serving from the package, never fills.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dampingan@localhost")
# Links in e-mails (action item reminders) start with this: the address people open Dampingan at.
DAMPINGAN_BASE_URL = os.environ.get("DAMPINGAN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by the web processes and the task worker: the progress of a running job (jobs/progress.py), which a
    # registry import's open transaction would keep out of the database. One machine: files; web and worker on
    # separate machines: point this at Redis or Memcached.
    # Uploaded tables a page keeps for a few minutes between two steps (the FGT page), shared by every web
    # process of the machine.
    "uploads": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "uploads"),
    },
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "progress"),
    },
}

# Behind HTTPS (production): secure cookies, HSTS and redirects. Off for the embedded development server.
if env_bool("DAMPINGAN_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list binds every subdomain of the pemda for months: the pemda's IT
        # team decides that (SECURE_HSTS_PRELOAD=1), so its absence is not reported as a deployment flaw.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_REFERRER_POLICY = "same-origin"

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes reports every failure at INFO; the security log (accounts/signals.py) already has them.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
