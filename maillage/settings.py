"""Maillage settings: one module, driven by environment variables.

Every variable is documented in docs/configuration.md. A bad value stops the
start with a message naming the variable.
"""

import re
import secrets
import zoneinfo
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from maillage.lib import env
from maillage.lib.crypto import InvalidKeyError, validate_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.read_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.read_bool("DEBUG", False)


def _required_secret(name: str) -> str:
    value = env.read_str(name)
    if not value:
        raise env.ConfigurationError(
            f"{name} is required (make run generates a local one under var/; "
            "see docs/configuration.md)."
        )
    return value


SECRET_KEY = env.read_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        _required_secret("SECRET_KEY")
    # DEBUG without a key: a throwaway one (sessions end when the process stops).
    SECRET_KEY = secrets.token_urlsafe(50)

# Field encryption of family identity: a list of keys, newest first. The newest
# encrypts; every key of the list decrypts, which is how keys are rotated.
try:
    FIELD_ENCRYPTION_KEYS = validate_keys(
        env.read_list("FIELD_ENCRYPTION_KEYS", []), "FIELD_ENCRYPTION_KEYS"
    )
    # Keyed blind index for searching encrypted values (its own key, never rotated silently).
    BLIND_INDEX_KEY = validate_keys([_required_secret("BLIND_INDEX_KEY")], "BLIND_INDEX_KEY")[0]
except InvalidKeyError as exc:
    raise env.ConfigurationError(str(exc)) from exc

ALLOWED_HOSTS = env.read_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.read_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "maillage.accounts",
    "maillage.organizations",
    "maillage.audit",
    "maillage.outreach",
    "maillage.families",
    "maillage.accompaniment",
    "maillage.partners",
    "maillage.referrals",
    "maillage.gaps",
    "maillage.collaboration",
    "maillage.evaluation",
    "maillage.supervision",
    "maillage.reports",
    "maillage.imports",
    "maillage.research",
    "maillage.privacy",
    "maillage.rights",
    "maillage.retention",
    "maillage.shell",
    "maillage.demo",
    "maillage.core",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "maillage.shell.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "maillage.shell.middleware.NoStoreMiddleware",
    "maillage.shell.middleware.TenantMiddleware",
    "maillage.accounts.middleware.MFARequiredMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "maillage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "maillage.shell.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite under var/ by default; PostgreSQL in production via DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env.read_str("DATABASE_URL", _default_sqlite),
            conn_max_age=env.read_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        )
    }
except ValueError as exc:
    raise env.ConfigurationError(f"DATABASE_URL cannot be used: {exc}") from exc
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise env.ConfigurationError("DATABASE_URL must name a sqlite:// or postgres:// database.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The evaluation's dashboard answers its questions this many at a time on PostgreSQL, each
# on a database connection of its own (maillage/evaluation/dashboard.py).
EVALUATION_WORKERS = env.read_int("EVALUATION_WORKERS", 2, minimum=1, maximum=8)

_redis_url = env.read_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: stored in the database with the user's id, so ending a member's
# sessions is one query; idle expiry slides with each request.
SESSION_ENGINE = "maillage.accounts.sessions"
SESSION_IDLE_MINUTES = env.read_int("SESSION_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-allauth: log in by e-mail; accounts are made by invitation, never by signup.
ACCOUNT_ADAPTER = "maillage.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "maillage.accounts.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address without an account sends nothing (allauth would mail a
# sign-up link, and there is no sign-up): the page is the same as for a known address.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maillage] "


def _rate_limit(name: str, default: str) -> str:
    """allauth's rate syntax: comma-separated ``amount/period[unit]/key`` items."""
    value = env.read_str(name, default).strip() or default
    item = re.compile(r"^\d+/\d*[smhd]/(ip|key)$")
    if not all(item.match(part.strip()) for part in value.split(",")):
        raise env.ConfigurationError(
            f"{name} must read like 5/15m/ip,5/15m/key (amount/period with its unit s, m, h "
            f"or d/ip or key); got {value!r}."
        )
    return value


# Behind a reverse proxy, the client's address is taken from X-Forwarded-For,
# trusting this many proxies; without it every login would share one address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.read_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
ACCOUNT_RATE_LIMITS = {
    # Passwords: both items count per client address (accounts/adapter.py), the waits per
    # account are accounts/throttle.py's. Two-factor codes: per address and per account.
    "login_failed": _rate_limit("LOGIN_FAILURE_LIMIT", "5/15m/ip,5/15m/key"),
    "reset_password": "5/m/ip,3/15m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.read_str("MFA_TOTP_ISSUER", "Maillage")
MFA_RECOVERY_CODE_COUNT = 10
# Phones drift: accept the code of the period before and after (RFC 6238's advice).
MFA_TOTP_TOLERANCE = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "shell:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# Internationalization: French (Canada) first, English complete.
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "maillage" / "locale"]
TIME_ZONE = env.read_str("TIME_ZONE", "").strip() or "America/Toronto"
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
    raise env.ConfigurationError(
        f"TIME_ZONE must be an IANA time zone such as America/Toronto; got {TIME_ZONE!r}."
    ) from exc
# Django's fr_CA times print the 12-hour clock where "13 h 40" is meant: ours fix that.
FORMAT_MODULE_PATH = ["maillage.formats"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "maillage_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "maillage" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: sent through EMAIL_HOST. Without one, printed to the console only with DEBUG on
# (make run); otherwise written to files under var/mail/ that only the operator reads, since
# reset and invitation links on standard output would land in the logs. The system check
# maillage.accounts.E001 refuses that case (docs/configuration.md#email).
EMAIL_HOST = env.read_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "maillage.accounts.mail.OperatorFileBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = env.read_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.read_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.read_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.read_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.read_str("DEFAULT_FROM_EMAIL", "Maillage <maillage@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. HTTPS (on by default) governs secure cookies, their
# __Host- prefix, the redirect to HTTPS and HSTS; turn it off only to serve
# plain HTTP on the loopback (make run, tests).
HTTPS = env.read_bool("HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-maillage_session" if HTTPS else "maillage_session"
CSRF_COOKIE_NAME = "__Host-maillage_csrftoken" if HTTPS else "maillage_csrftoken"
# A browser the person signed in with: failed passwords from elsewhere do not hold it.
SIGN_IN_DEVICE_COOKIE_NAME = "__Host-maillage_device" if HTTPS else "maillage_device"
SECURE_SSL_REDIRECT = env.read_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env.read_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Submitting a domain to the browsers' preload list is its owner's decision, not
# the application's: off unless asked, and the deploy check's reminder silenced.
SECURE_HSTS_PRELOAD = env.read_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env.read_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): only our own origin, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.read_choice(
            "LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}, upper=True
        ),
    },
    "loggers": {
        # Request lines carry only paths (UUIDs, never family data); keep them at WARNING.
        "django.server": {"level": "WARNING"},
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Shows a banner saying the data is fictional (make run sets it for the demo).
DEMO_BANNER = env.read_bool("DEMO_BANNER", False)
