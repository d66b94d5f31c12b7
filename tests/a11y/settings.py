"""Settings for the accessibility check's server (tests/a11y/run.py).

The server runs like production (DEBUG off), so the real 403, 404 and 500 pages are
checked; static files are served from the finders, so no collectstatic is needed.
"""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
ROOT_URLCONF = "tests.a11y.urls"
