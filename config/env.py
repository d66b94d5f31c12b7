"""Strict reading of settings from environment variables.

Every parser names the variable in its error, so a bad value stops start-up with a
message an operator can act on (see docs/operations.md). We do not use
django-environ because it reads unknown booleans silently as ``False``.
"""

from __future__ import annotations

import os
import zoneinfo
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nein"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip()


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean; use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} must be ≥ {minimum}.")
    return number


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"Environment variable {name} is set but lists nothing.")
    return items


def env_choice(name: str, *, default: str, choices: list[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} must be one of {', '.join(choices)}.")
    return value


def env_url(name: str, *, default: str) -> str:
    """An http(s) address without a trailing slash; empty when unset and no default."""
    value = _raw(name)
    if value is None or value == "":
        return default
    if not value.startswith(("https://", "http://")) or " " in value:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not an http(s) address.")
    return value.rstrip("/")


def env_timezone(name: str, *, default: str) -> str:
    value = env_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a known time zone.") from None
    return value


def env_email(name: str, *, default: str) -> str:
    value = env_str(name, default)
    if "@" not in value:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not an e-mail address.")
    return value


def env_database(name: str, *, default: str) -> dict[str, Any]:
    """Parse ``DATABASE_URL``; only SQLite and PostgreSQL are supported."""
    url = env_str(name, default)
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"Environment variable {name} is not a valid database URL: {error}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"Environment variable {name} names no SQLite file.")
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers work while one writer writes; IMMEDIATE avoids
            # "database is locked" upgrades inside transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
        }
    elif engine == "django.db.backends.postgresql":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"Environment variable {name} names no PostgreSQL database.")
    else:
        raise ImproperlyConfigured(
            f"Environment variable {name} uses an unsupported database ({engine or url.split(':')[0]}); "
            "use sqlite:/// or postgres://."
        )
    config["ATOMIC_REQUESTS"] = False
    return config
