"""Demo data of the capabilities beyond the foundation, loaded after the regions by seed_demo.

Each entry is a module with ``seed(*, report: SeedReport) -> None`` that is idempotent.
"""

DEMO_MODULES: list[str] = [
    "kim.demo.directory",
    "kim.demo.cases",
    "kim.demo.committees",
    "kim.demo.referrals",
    "kim.demo.themes",
]
