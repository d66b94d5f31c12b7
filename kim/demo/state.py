"""Demo people at state level: they hold no region membership and see aggregates only."""

from __future__ import annotations

from kim.demo.specs import PersonSpec, RoleSpec

PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec(
        username="land",
        first_name="Ahmet",
        last_name="Yılmaz",
        email="land@demo.kim.invalid",
        roles=(RoleSpec(role="state_analyst", function="Landesauswertung KIM"),),
        demo_login=True,
    ),
)
