"""Settings for the Members' Guidance Portal.

Everything that differs between a developer's machine and production comes from
the environment (see docs/operators.md). Defaults are safe for development;
with DEBUG off the portal refuses to start without a real SECRET_KEY.
"""

import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see docs/operators.md)."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets a page in the portal's layout, not Django's bare one.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "portal",
    "protocol",
    "protocol.quiz",
    "protocol.advice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker share the file: write-ahead logging lets
    # them read while the other writes, and IMMEDIATE transactions take the write
    # lock up front instead of failing half-way with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's ModelBackend, reading a user's permissions in one query (portal/auth.py).
AUTHENTICATION_BACKENDS = ["portal.auth.PortalModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where ``collectstatic`` puts the files WhiteNoise serves.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP (EMAIL_HOST, localhost by default); printed to the console in
# development when no EMAIL_HOST is given.
EMAIL_HOST = env_str("EMAIL_HOST", "" if DEBUG else "localhost")
# With DEBUG off there is no default: e-mails from "portal@localhost" would be
# refused or land in spam.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost" if DEBUG else "")
if not DEFAULT_FROM_EMAIL or "@" not in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL must be the address the portal's e-mails come from, such as "
        "portal@example.gov.uk (it has no default when DEBUG is off; see docs/operators.md)."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_HOST:
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        },
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {"default": _mailer}
del EMAIL_HOST


# The portal's address as members reach it, for links in e-mails. In
# development it follows HOST and PORT (``make run PORT=8101`` exports both),
# so links in e-mails printed to the console open the server that sent them.
def _development_site_url():
    host = env_str("HOST", "127.0.0.1").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::", "0"}:
        host = "localhost"  # listening everywhere; a browser on this machine uses localhost
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{env_int('PORT', 8000)}"


# With DEBUG off there is no default: links in e-mails would point at localhost.
SITE_URL = env_str("SITE_URL", _development_site_url() if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be the portal's address as members reach it, such as "
        "https://members.example.gov.uk (it has no default when DEBUG is off; "
        "see docs/operators.md)."
    )

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Only the portal's own origin: no CDN, no third-party request from any page.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    if env_bool("BEHIND_HTTPS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The published protocol is public unless this is set.
PROTOCOL_REQUIRE_LOGIN = env_bool("PROTOCOL_REQUIRE_LOGIN", False)


# Pages of a published version are rendered once and kept in a cache
# (protocol/caching.py). CACHE_URL chooses where: empty for each process's own
# memory (nothing to run), redis://HOST:PORT/DB for Redis shared by several web
# servers, or "database" for a table in the portal's database (run
# ``manage.py createcachetable`` once). See docs/operators.md.
def _caches(url):
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty, redis://HOST:PORT/DB or database, not {url!r}."
    )


CACHES = {"default": _caches(env_str("CACHE_URL", "").strip())}
PROTOCOL_CACHE = "default"
# Names this release of the portal in cache keys and ETags (the deployed commit,
# say). Empty: a digest of the code, templates and static files, the same in
# every process that runs the same files.
RELEASE = env_str("RELEASE", "").strip()
# How long a reverse proxy (or a browser) may keep a visitor's copy of a
# published page without asking again; 0 makes it ask every time (the ETag then
# answers 304). Logged-in readers' pages are private and always asked again.
PROTOCOL_PUBLIC_MAX_AGE = env_int("PROTOCOL_PUBLIC_MAX_AGE", 300)
if PROTOCOL_PUBLIC_MAX_AGE < 0:
    raise ImproperlyConfigured("PROTOCOL_PUBLIC_MAX_AGE must be 0 or more seconds.")

# The quiz: questions in a set, and the percentage that passes a check.
QUIZ_QUESTION_COUNT = env_int("QUIZ_QUESTION_COUNT", 10)
QUIZ_PASS_MARK = env_int("QUIZ_PASS_MARK", 80)
if not 1 <= QUIZ_QUESTION_COUNT <= 100:
    raise ImproperlyConfigured("QUIZ_QUESTION_COUNT must be between 1 and 100.")
if not 1 <= QUIZ_PASS_MARK <= 100:
    raise ImproperlyConfigured("QUIZ_PASS_MARK must be a percentage between 1 and 100.")

# Ask the Monitoring Officer (docs/advice.md): how many requests and follow-up
# messages a member may send in an hour, and the answer targets in working days.
ADVICE_REQUESTS_PER_HOUR = env_int("ADVICE_REQUESTS_PER_HOUR", 5)
ADVICE_FOLLOW_UPS_PER_HOUR = env_int("ADVICE_FOLLOW_UPS_PER_HOUR", 10)
ADVICE_TARGET_WORKING_DAYS = {
    "urgent": env_int("ADVICE_URGENT_WORKING_DAYS", 1),
    "high": env_int("ADVICE_HIGH_WORKING_DAYS", 2),
    "normal": env_int("ADVICE_NORMAL_WORKING_DAYS", 3),
}
if min(ADVICE_REQUESTS_PER_HOUR, ADVICE_FOLLOW_UPS_PER_HOUR) < 1:
    raise ImproperlyConfigured(
        "ADVICE_REQUESTS_PER_HOUR and ADVICE_FOLLOW_UPS_PER_HOUR must be 1 or more."
    )
if min(ADVICE_TARGET_WORKING_DAYS.values()) < 1:
    raise ImproperlyConfigured("ADVICE_*_WORKING_DAYS must be 1 or more.")
# The local time each working morning when overdue requests are escalated and
# each team's digest is sent (HH:MM, in TIME_ZONE).
ADVICE_DIGEST_TIME = env_str("ADVICE_DIGEST_TIME", "07:30")
try:
    _hours, _minutes = (int(part) for part in ADVICE_DIGEST_TIME.split(":"))
    if not (0 <= _hours < 24 and 0 <= _minutes < 60):
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        f"ADVICE_DIGEST_TIME must be a time of day as HH:MM, not {ADVICE_DIGEST_TIME!r}."
    ) from None

# The Monitoring Officer's telephone number and when it is answered, shown on the
# ask, check, sent and fast-path pages and whenever a limit refuses a question.
# The default number is a placeholder (Ofcom's range for drama): set the real one;
# `check --deploy` warns while it is unset.
MONITORING_OFFICER_PHONE_PLACEHOLDER = "01632 960000"
MONITORING_OFFICER_PHONE = env_str(
    "MONITORING_OFFICER_PHONE", MONITORING_OFFICER_PHONE_PLACEHOLDER
).strip()
MONITORING_OFFICER_HOURS = env_str(
    "MONITORING_OFFICER_HOURS", "Monday to Friday, 9am to 5pm"
).strip()
if not re.fullmatch(r"\+?[0-9][0-9 ()-]{5,24}", MONITORING_OFFICER_PHONE):
    raise ImproperlyConfigured(
        "MONITORING_OFFICER_PHONE must be a telephone number (digits, spaces, +, - and "
        f"brackets), not {MONITORING_OFFICER_PHONE!r}."
    )
if not MONITORING_OFFICER_HOURS:
    raise ImproperlyConfigured("MONITORING_OFFICER_HOURS must say when the telephone is answered.")

# A second copy of the same question from the same member within this many
# minutes (the back button, then Send again) opens the first request instead.
ADVICE_DUPLICATE_WINDOW_MINUTES = env_int("ADVICE_DUPLICATE_WINDOW_MINUTES", 10)
if ADVICE_DUPLICATE_WINDOW_MINUTES < 0:
    raise ImproperlyConfigured("ADVICE_DUPLICATE_WINDOW_MINUTES must be 0 (off) or more.")

# Files members attach to a request or a follow-up (images and PDF): where they
# are kept (never under the static root or any web-served directory), the largest
# file in megabytes, and how many files one message may carry.
ADVICE_ATTACHMENT_ROOT = Path(
    env_str("ADVICE_ATTACHMENT_ROOT", str(BASE_DIR / "var" / "attachments"))
).resolve()
ADVICE_ATTACHMENT_MAX_MB = env_int("ADVICE_ATTACHMENT_MAX_MB", 10)
ADVICE_ATTACHMENTS_PER_MESSAGE = env_int("ADVICE_ATTACHMENTS_PER_MESSAGE", 5)
if not 1 <= ADVICE_ATTACHMENT_MAX_MB <= 100:
    raise ImproperlyConfigured("ADVICE_ATTACHMENT_MAX_MB must be between 1 and 100.")
if not 0 <= ADVICE_ATTACHMENTS_PER_MESSAGE <= 20:
    raise ImproperlyConfigured("ADVICE_ATTACHMENTS_PER_MESSAGE must be between 0 and 20.")
for _served in [STATIC_ROOT, BASE_DIR / "static", BASE_DIR / "templates"]:
    if ADVICE_ATTACHMENT_ROOT.is_relative_to(_served.resolve()):
        raise ImproperlyConfigured(
            f"ADVICE_ATTACHMENT_ROOT must not be inside {_served} (STATIC_ROOT or the "
            "portal's static or template files): attachments are served only through "
            "the portal's checks."
        )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
