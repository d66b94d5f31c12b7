"""The standards helper fails (never skips) when the official files are missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.standards import DEFAULT_STANDARDS_DIR, require_standard, standards_root


def test_default_is_the_shared_standards_folder_beside_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIM_STANDARDS_DIR", raising=False)

    assert standards_root() == DEFAULT_STANDARDS_DIR
    assert require_standard("hsds", "schema").is_dir()


def test_environment_variable_points_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "hsds" / "schema").mkdir(parents=True)
    monkeypatch.setenv("KIM_STANDARDS_DIR", str(tmp_path))

    assert require_standard("hsds", "schema") == tmp_path / "hsds" / "schema"


def test_missing_standard_fails_the_test_with_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KIM_STANDARDS_DIR", str(tmp_path))

    with pytest.raises(pytest.fail.Exception) as failure:
        require_standard("hsds", "schema")

    assert "HSDS standard files are missing" in str(failure.value)
    assert "KIM_STANDARDS_DIR" in str(failure.value)
