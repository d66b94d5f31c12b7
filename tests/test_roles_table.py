"""docs/permissions.md's role × capability table says what kim/accounts/roles.py does."""

from __future__ import annotations

from pathlib import Path

from kim.accounts.roles import ROLE_CAPABILITIES, ROLES_SEEING_PERSONAL_DATA, Capability, RoleCode

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"


def _table() -> tuple[list[str], dict[str, list[str]]]:
    section = DOC.read_text(encoding="utf-8").split("## Roles × capabilities", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    roles = [cell.strip().strip("`") for cell in lines[0].strip("|").split("|")][1:]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        key = cells[0].split("`")[1] if "`" in cells[0] else cells[0]
        rows[key] = cells[1:]
    return roles, rows


def test_every_role_is_a_column() -> None:
    roles, _rows = _table()
    assert roles == [role.value for role in RoleCode]


def test_capability_ticks_match_the_code() -> None:
    roles, rows = _table()
    assert set(rows) - {"MFA-Pflicht (personenbezogene Daten)"} == {cap.value for cap in Capability}
    for capability in Capability:
        documented = {role for role, cell in zip(roles, rows[capability.value], strict=True) if cell == "✓"}
        in_code = {role for role in roles if capability.value in ROLE_CAPABILITIES[role]}
        assert documented == in_code, capability.value


def test_mfa_row_matches_the_code() -> None:
    roles, rows = _table()
    documented = {role for role, cell in zip(roles, rows["MFA-Pflicht (personenbezogene Daten)"], strict=True) if cell}
    assert documented == set(ROLES_SEEING_PERSONAL_DATA)
