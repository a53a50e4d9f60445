"""Settings for the Members' Guidance Portal.

Everything that differs between a developer's machine and production comes from
the environment (see docs/operators.md). Defaults are safe for development;
with DEBUG off the portal refuses to start without a real SECRET_KEY.
"""

import datetime
import re
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.env import env_bool, env_int, env_list, env_str, weak_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see docs/operators.md)."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off"  # noqa: S105
elif not DEBUG and (problem := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for use with DEBUG off: {problem}. Generate one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))' (see docs/operators.md)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A refused form gets a page in the portal's layout, not Django's bare one.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "protocol.postcheck",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A cookie-less visitor's kept reading page, answered before the rest.
    "portal.middleware.KeptPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, leaving a visitor without a session cookie unwrapped.
    "portal.middleware.OTPMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "portal.middleware.BadInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.StaffIdleTimeoutMiddleware",
    "portal.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
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

# A persistent connection (kept for DATABASE_CONN_MAX_AGE seconds, checked before
# reuse) spares PostgreSQL a new connection per request; development (DEBUG)
# opens one per request, as runserver's threads come and go.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60)
if DATABASE_CONN_MAX_AGE < 0:
    raise ImproperlyConfigured(
        "DATABASE_CONN_MAX_AGE must be 0 (close after each request) or more."
    )
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=True,
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
# PostgreSQL plans each query anew unless it is prepared, and planning the
# reading pages' one query cost the server several times running it: a query a
# connection has run five times is prepared (psycopg's prepare_threshold), with
# its parameters bound by the server. Turn it off behind a pooler that cannot
# keep prepared statements (PgBouncer in transaction mode before 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and DATABASE_PREPARED_STATEMENTS
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # django-axes: refuses a login while its username and client are locked out.
    "portal.backends.LockoutBackend",
    # Django's ModelBackend, reading a user's permissions in one query (portal/auth.py).
    "portal.auth.PortalModelBackend",
]

# Login lockout (django-axes, portal/lockout.py): after LOGIN_FAILURE_LIMIT wrong
# passwords for one username from one client, logging in as that user from there is
# paused for LOGIN_LOCKOUT_MINUTES, doubling with each further round of failures.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be 1 or more.")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "portal.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.lockout.client_address"
AXES_USERNAME_CALLABLE = "portal.lockout.username_for_lockout"
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Successful logins are not logged by django-axes: the portal keeps no login history.
AXES_DISABLE_ACCESS_LOG = True

# A second factor (django-otp: an authenticator app, with recovery codes) for the
# Monitoring Officer, the communications team and anyone with admin access
# (portal/second_factor.py). Required whenever DEBUG is off unless turned off here;
# members may turn it on for themselves.
STAFF_REQUIRE_SECOND_FACTOR = env_bool("STAFF_REQUIRE_SECOND_FACTOR", not DEBUG)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Members' Guidance Portal")
# Staff are logged out after this many minutes without a request; members keep
# Django's session lifetime (SESSION_COOKIE_AGE, two weeks).
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
if STAFF_SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("STAFF_SESSION_IDLE_MINUTES must be 1 or more.")

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
# Seconds an SMTP conversation may stall before the try is given up (and
# retried later). Sending happens with no database transaction open, so a hung
# mail server delays only e-mail, never the site.
# (Django refuses its own EMAIL_* settings beside MAILERS, hence the name.)
SMTP_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
if not 1 <= SMTP_TIMEOUT <= 300:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be between 1 and 300 seconds.")
# A worker that claimed an e-mail this many seconds ago and has not recorded
# the result has stopped mid-send: the e-mail may be claimed and sent again
# (with the same Message-ID). It must exceed the longest one send can take
# (each of an SMTP conversation's steps may wait EMAIL_TIMEOUT).
NOTIFICATION_CLAIM_TIMEOUT = env_int("NOTIFICATION_CLAIM_TIMEOUT", max(300, 10 * SMTP_TIMEOUT))
if NOTIFICATION_CLAIM_TIMEOUT < 10 * SMTP_TIMEOUT:
    raise ImproperlyConfigured(
        "NOTIFICATION_CLAIM_TIMEOUT must be at least 10 times EMAIL_TIMEOUT, so that a slow "
        "send is not taken for a stopped one and sent twice."
    )
# How often the worker sends e-mails whose task was lost, takes back stale
# claims and publishes versions whose time has come (protocol/recurring.py).
WORKER_SWEEP_MINUTES = env_int("WORKER_SWEEP_MINUTES", 5)
if not 1 <= WORKER_SWEEP_MINUTES <= 60:
    raise ImproperlyConfigured("WORKER_SWEEP_MINUTES must be between 1 and 60.")
if EMAIL_HOST:
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": SMTP_TIMEOUT,
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
# Django's database sessions, read by a query compiled once (portal/sessions.py).
SESSION_ENGINE = "portal.sessions"
SESSION_COOKIE_HTTPONLY = True
# No script of the portal reads the CSRF cookie: scripts that post take the
# token from the form they send (its csrfmiddlewaretoken field).
CSRF_COOKIE_HTTPONLY = True
# The portal uses none of the browser's powerful features: the camera,
# microphone, location and the rest are refused to every page and any frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Both commit every subdomain of the portal's domain (and, once on the
    # browsers' preload list, every browser for months) to HTTPS: opt-in only.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # check --deploy warns while they are off; off is the considered default.
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
    if SECURE_HSTS_SECONDS < 0:
        raise ImproperlyConfigured("SECURE_HSTS_SECONDS must be 0 (off) or more.")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    if env_bool("BEHIND_HTTPS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The published protocol is public unless this is set.
PROTOCOL_REQUIRE_LOGIN = env_bool("PROTOCOL_REQUIRE_LOGIN", False)

# Check my post: only members (and staff) may use it when this is set; otherwise
# everyone who may read the protocol. Its rate is THROTTLE_RATES["post_check"].
POST_CHECK_MEMBERS_ONLY = env_bool("POST_CHECK_MEMBERS_ONLY", False)


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
# Search results and the tables search reads, kept in each process's own memory
# whatever CACHE_URL says, under the search generation (protocol/search/cache.py):
# a change shows at once in every process without a message between them.
CACHES["search"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-search",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
# Logged-in readers' pages of published versions, each kept in the memory of
# the process that served it (they name a reader: never in a shared cache), under
# a key naming everything the page shows of them (portal/personal.py).
CACHES["personal"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-personal",
    # At most about 15 MB a process: the whole document is the largest page (29 KB).
    "OPTIONS": {"MAX_ENTRIES": 500},
}
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

# Importing a document in the admin: the largest file accepted, and where an
# upload waits between its preview and "Save as draft" (never the static or
# media root; a waiting upload is removed after PROTOCOL_IMPORT_KEEP_SECONDS).
PROTOCOL_IMPORT_MAX_BYTES = env_int("PROTOCOL_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
PROTOCOL_IMPORT_DIR = Path(
    env_str("PROTOCOL_IMPORT_DIR", "") or Path(tempfile.gettempdir()) / "portal-imports"
).resolve()
PROTOCOL_IMPORT_KEEP_SECONDS = env_int("PROTOCOL_IMPORT_KEEP_SECONDS", 3600)

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
# Where the Authority is, for its bank holidays: ENG (England), WLS (Wales; the
# same days), SCT (Scotland) or NIR (Northern Ireland). Local closure days are
# added in the admin.
ADVICE_BANK_HOLIDAYS = env_str("ADVICE_BANK_HOLIDAYS", "ENG").strip().upper()
if ADVICE_BANK_HOLIDAYS not in {"ENG", "WLS", "SCT", "NIR"}:
    raise ImproperlyConfigured(
        "ADVICE_BANK_HOLIDAYS must be ENG, WLS, SCT or NIR (the part of the United Kingdom "
        f"whose bank holidays apply), not {ADVICE_BANK_HOLIDAYS!r}."
    )
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

# The accessibility statement (/accessibility/), in the shape of the model
# statement for the Public Sector Bodies Accessibility Regulations 2018: who runs
# the portal, where to ask for another format or report a problem, and when the
# statement was prepared, last reviewed and the portal last tested. The defaults
# are for development; `check --deploy` warns while the name or address is one.
AUTHORITY_NAME_PLACEHOLDER = "Example Combined Authority"
ACCESSIBILITY_EMAIL_PLACEHOLDER = "accessibility@example.gov.uk"
AUTHORITY_NAME = env_str("AUTHORITY_NAME", AUTHORITY_NAME_PLACEHOLDER).strip()
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", ACCESSIBILITY_EMAIL_PLACEHOLDER
).strip()
ACCESSIBILITY_CONTACT_PHONE = env_str(
    "ACCESSIBILITY_CONTACT_PHONE", MONITORING_OFFICER_PHONE
).strip()
ACCESSIBILITY_REPLY_WORKING_DAYS = env_int("ACCESSIBILITY_REPLY_WORKING_DAYS", 5)
if not AUTHORITY_NAME:
    raise ImproperlyConfigured("AUTHORITY_NAME must name the Authority that runs the portal.")
if "@" not in ACCESSIBILITY_CONTACT_EMAIL:
    raise ImproperlyConfigured(
        "ACCESSIBILITY_CONTACT_EMAIL must be an e-mail address, not "
        f"{ACCESSIBILITY_CONTACT_EMAIL!r}."
    )
if not re.fullmatch(r"\+?[0-9][0-9 ()-]{5,24}", ACCESSIBILITY_CONTACT_PHONE):
    raise ImproperlyConfigured(
        "ACCESSIBILITY_CONTACT_PHONE must be a telephone number, not "
        f"{ACCESSIBILITY_CONTACT_PHONE!r}."
    )
if not 1 <= ACCESSIBILITY_REPLY_WORKING_DAYS <= 60:
    raise ImproperlyConfigured("ACCESSIBILITY_REPLY_WORKING_DAYS must be between 1 and 60.")


def _env_date(name, default):
    raw = env_str(name, default).strip()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date as YYYY-MM-DD, not {raw!r}.") from None


ACCESSIBILITY_STATEMENT_PREPARED = _env_date("ACCESSIBILITY_STATEMENT_PREPARED", "2026-12-03")
ACCESSIBILITY_STATEMENT_REVIEWED = _env_date("ACCESSIBILITY_STATEMENT_REVIEWED", "2026-12-03")
ACCESSIBILITY_LAST_TESTED = _env_date("ACCESSIBILITY_LAST_TESTED", "2026-12-03")
if ACCESSIBILITY_STATEMENT_REVIEWED < ACCESSIBILITY_STATEMENT_PREPARED:
    raise ImproperlyConfigured(
        "ACCESSIBILITY_STATEMENT_REVIEWED must be on or after ACCESSIBILITY_STATEMENT_PREPARED."
    )

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
    if PROTOCOL_IMPORT_DIR.is_relative_to(_served.resolve()):
        raise ImproperlyConfigured(
            f"PROTOCOL_IMPORT_DIR must not be inside {_served}: uploads waiting for "
            "their preview are never served."
        )
    if ADVICE_ATTACHMENT_ROOT.is_relative_to(_served.resolve()):
        raise ImproperlyConfigured(
            f"ADVICE_ATTACHMENT_ROOT must not be inside {_served} (STATIC_ROOT or the "
            "portal's static or template files): attachments are served only through "
            "the portal's checks."
        )

# Retention of personal data (``manage.py purge_personal_data``, run daily).
# Finished advice requests keep their text, messages and files this long after
# the last thing done to them; then only what the figures count is kept.
ADVICE_RETENTION_MONTHS = env_int("ADVICE_RETENTION_MONTHS", 24)
# E-mails keep their text this long after they were sent (or given up on).
NOTIFICATION_BODY_RETENTION_DAYS = env_int("NOTIFICATION_BODY_RETENTION_DAYS", 90)
# Searches that found nothing keep their words this long; then only counts.
SEARCH_LOG_TEXT_RETENTION_DAYS = env_int("SEARCH_LOG_TEXT_RETENTION_DAYS", 90)
if min(ADVICE_RETENTION_MONTHS, NOTIFICATION_BODY_RETENTION_DAYS) < 1 or not (
    1 <= SEARCH_LOG_TEXT_RETENTION_DAYS <= 3650
):
    raise ImproperlyConfigured(
        "ADVICE_RETENTION_MONTHS, NOTIFICATION_BODY_RETENTION_DAYS and "
        "SEARCH_LOG_TEXT_RETENTION_DAYS must be 1 or more (search log: at most 3650)."
    )

# Rate limits (portal/throttling.py): "COUNT/PERIOD", period s, m, h or d, optionally
# with a multiple ("10/15m"). A client is the logged-in user, otherwise the IP address.
THROTTLE_RATES = {
    # asking for a password-reset link: per client, and per e-mail address asked for
    "password_reset": env_str("THROTTLE_PASSWORD_RESET", "5/h"),
    "password_reset_address": env_str("THROTTLE_PASSWORD_RESET_ADDRESS", "3/h"),
    # the search JSON API and the as-you-type suggestions
    "search": env_str("THROTTLE_SEARCH", "60/m"),
    "search_suggest": env_str("THROTTLE_SEARCH_SUGGEST", "120/m"),
    # "this answered my question" on the ask form; the same question counts once a day
    "advice_answered": env_str("THROTTLE_ADVICE_ANSWERED", "20/h"),
    "advice_answered_once": "1/d",
    # codes tried at the second step of logging in (each app also slows guesses itself)
    "second_factor": env_str("THROTTLE_SECOND_FACTOR", "10/15m"),
    # checking a draft post, on the page or through the API (the page checks as the
    # member types, after each pause)
    "post_check": env_str("THROTTLE_POST_CHECK", "60/m"),
}
for _scope, _rate in THROTTLE_RATES.items():
    if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", _rate):
        raise ImproperlyConfigured(
            f"The rate for {_scope} must look like 5/h or 10/15m (count/period), not {_rate!r}."
        )
# The number of reverse proxies in front of the portal that add the client's address
# to X-Forwarded-For (0: the portal is reached directly and REMOTE_ADDR is the client).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 or more.")
# Where rate-limit counts live (portal/throttling.py). A scope not listed here
# protects accounts or the figures, and its counts are shared by every web
# process: a row per client and window in the table portal_throttle (made by
# migrate). A scope listed here only protects the server from load: each web
# process counts it in its own memory, no query, so with N web processes a
# client may make up to N times its rate. With Redis as CACHE_URL every scope
# counts there instead: shared, and still no query.
THROTTLE_PER_PROCESS = frozenset({"search", "search_suggest", "post_check"})
if THROTTLE_PER_PROCESS - THROTTLE_RATES.keys():
    raise ImproperlyConfigured("THROTTLE_PER_PROCESS names a scope THROTTLE_RATES has no rate for.")
THROTTLE_SHARED_CACHE = "default" if CACHES["default"]["BACKEND"].endswith("RedisCache") else ""
CACHES["throttle_local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "portal-throttle",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes says every login failure at INFO; lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}
