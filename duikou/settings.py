"""Duikou settings, all driven by environment variables.

DATABASE_URL  PostgreSQL URL (psycopg 3); default: SQLite in var/duikou.sqlite3 with WAL
SECRET_KEY    default: generated once per install and kept in var/secret_key
DEBUG         "1"/"true" to turn on; off by default
ALLOWED_HOSTS comma-separated; default: localhost names
DUIKOU_VAR    folder for the database, secret key and uploads; default: <project>/var
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("DUIKOU_VAR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "duikou.common",
    "duikou.accounts",
    "duikou.geo",
    "duikou.partners",
    "duikou.projects",
    "duikou.people",
    "duikou.results",
    "duikou.planning",
    "duikou.exchange",
    "duikou.web",
    "duikou.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "duikou.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duikou.web.security.ContentSecurityPolicyMiddleware",
    "duikou.common.audit.ChannelMiddleware",
    "duikou.common.api.JsonErrorsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "duikou.urls"
WSGI_APPLICATION = "duikou.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_SQLITE_PATH = VAR_DIR / "duikou.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_SQLITE_PATH}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not memory, so that a live server's threads each have a connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-duikou.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Hardening. Secure cookies and HSTS unless DEBUG (browsers accept secure cookies from
# http://localhost and http://127.0.0.1, so the local demo still works); behind a TLS proxy,
# set SECURE_PROXY_SSL_HEADER=1.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # request bodies (JSON, forms)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Login throttling (django-axes): 5 failures for a user name from one address lock it out
# for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The "two 80 %" rule: default thresholds when no year-specific threshold is configured.
DUIKOU_DEFAULT_LIVELIHOOD_SHARE = 80
DUIKOU_DEFAULT_GRASSROOTS_SHARE = 80

# Background work (solver runs): a queue in the database, worked by ``duikou serve``'s worker
# process (or ``duikou db_worker``); DUIKOU_TASKS=immediate runs each task when it is queued.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("DUIKOU_TASKS") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# IATI exchange: the IATI organisation identifier of the organisation that publishes this
# installation's activities (the prefix of every exported iati-identifier), its IATI
# organisation type and names, and the defaults written on every exported activity.
IATI_REPORTING_ORG_REF = os.environ.get("DUIKOU_IATI_ORG_REF", "CN-JSAID-0001")
IATI_REPORTING_ORG_TYPE = os.environ.get("DUIKOU_IATI_ORG_TYPE", "10")
IATI_REPORTING_ORG_NAME = os.environ.get("DUIKOU_IATI_ORG_NAME", "江苏省对口支援新疆前方指挥部")
IATI_REPORTING_ORG_NAME_EN = os.environ.get(
    "DUIKOU_IATI_ORG_NAME_EN", "Jiangsu Front Command for Pairing Assistance to Xinjiang"
)
IATI_DEFAULT_LANGUAGE = "zh"
IATI_DEFAULT_CURRENCY = "CNY"
# Uploaded files wait here for the background import; a larger upload is refused.
IATI_UPLOAD_DIR = VAR_DIR / "iati-uploads"
IATI_UPLOAD_MAX_BYTES = int(os.environ.get("DUIKOU_IATI_UPLOAD_MAX_MB") or 2048) << 20
# Large IATI files are read by worker processes (one per core by default; 1: in the importing
# process), in pieces of about this many bytes; a smaller file is read in one piece.
IATI_IMPORT_WORKERS = int(os.environ.get("DUIKOU_IATI_WORKERS") or os.cpu_count() or 1)
IATI_IMPORT_PIECE_BYTES = 1 << 20
