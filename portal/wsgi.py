"""WSGI entry point, used by gunicorn in production."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the portal's modules, settings) lives as long as
# the process: leaving it out of the garbage collector's scans makes each
# collection during a request cheaper (Python's gc.freeze(), meant for this).
gc.freeze()
