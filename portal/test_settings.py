"""Settings for the test suite: production settings with test-only relaxations."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SITE_URL", "http://portal.test")
os.environ.setdefault("DEFAULT_FROM_EMAIL", "portal@localhost")

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://portal.test"
# Test-only: staff personas log in with force_login() and through the login form
# without a code; the two-step tests turn this on (tests/test_second_factor.py).
STAFF_REQUIRE_SECOND_FACTOR = False
