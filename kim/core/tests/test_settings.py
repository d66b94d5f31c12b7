"""Bad values in settings stop start-up with a message that names the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BASE_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "SECRET_KEY": "a-long-enough-secret-key-for-this-test-0123456789",
    "ALLOWED_HOSTS": "kim.example.org",
}


def _start(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {**BASE_ENV, **overrides}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if v != "<unset>"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "vielleicht"),
        ("KIM_MFA_REQUIRED", "perhaps"),
        ("DATABASE_URL", "mysql://kim@localhost/kim"),
        ("DATABASE_URL", "postgres://localhost:notaport/kim"),
        ("EMAIL_PORT", "fünfundzwanzig"),
        ("TIME_ZONE", "Europe/Siegen"),
        ("DEFAULT_FROM_EMAIL", "kein-mail"),
        ("SECRET_KEY", "short"),
        ("SECRET_KEY", "<unset>"),
        ("ALLOWED_HOSTS", ""),
        ("LOG_LEVEL", "LAUT"),
        ("KIM_TRUSTED_PROXY_COUNT", "-1"),
    ],
)
def test_bad_setting_stops_startup_naming_the_variable(variable: str, value: str) -> None:
    result = _start(**{variable: value})
    assert result.returncode != 0
    assert f"Environment variable {variable}" in result.stderr


def test_good_settings_start() -> None:
    result = _start(DATABASE_URL="sqlite:////tmp/kim-settings-check.sqlite3")
    assert result.returncode == 0, result.stderr


def test_sqlite_file_database_runs_in_wal_mode(tmp_path: Path) -> None:
    database = tmp_path / "kim.sqlite3"
    script = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0])"
    )
    env = {**BASE_ENV, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"
