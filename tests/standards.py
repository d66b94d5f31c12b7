"""Where the tests find the official standards (HSDS, OParl …) they validate against.

The standards are part of the workspace: ``<repo>/../shared/standards/<name>``. The
environment variable ``KIM_STANDARDS_DIR`` points elsewhere (the folder that holds
``hsds/``, ``oparl/`` …). A missing folder makes the test **fail** with a message
saying where it looked — a conformance test that skips silently proves nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_STANDARDS_DIR = REPOSITORY.parent / "shared" / "standards"


def standards_root() -> Path:
    """The folder holding the standards: ``$KIM_STANDARDS_DIR`` or ``<repo>/../shared/standards``."""
    configured = os.environ.get("KIM_STANDARDS_DIR", "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_STANDARDS_DIR


def standard_path(name: str, *parts: str) -> Path:
    """The path of ``<standards>/<name>/<parts…>`` — without checking that it exists."""
    return standards_root().joinpath(name, *parts)


def require_standard(name: str, *parts: str) -> Path:
    """The path of a standard's file or folder; fails the calling test when it is missing."""
    path = standard_path(name, *parts)
    if not path.exists():
        pytest.fail(
            f"The {name.upper()} standard files are missing: {path} does not exist. "
            f"They belong beside the project in {DEFAULT_STANDARDS_DIR / name}; "
            "set KIM_STANDARDS_DIR to the folder holding them if they live elsewhere.",
            pytrace=False,
        )
    return path
