"""Objects of region A for the theme pages in the persona matrix, and the world the theme tests share.

``theme_world`` files one report from a case of ``world.team`` (client "Rania Testperson",
born 17.05.1990: the planted personal data the privacy tests look for), groups it into a
theme, puts the theme on the agenda of the steering group of the committee test world
(``lenkung`` is a voting member there) and proposes a measure. Built once per World.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from kim.cases.tests.matrix import make_case
from kim.committees.models import Decision, Meeting
from kim.committees.tests.matrix_feeds import oparl_world
from kim.core.models import Catalogue, CatalogueEntry
from kim.themes import services
from kim.themes.models import BarrierReport
from tests.permission_matrix import register_objects

CLIENT_GIVEN = "Rania"
CLIENT_FAMILY = "Testperson"
CLIENT_BIRTH = "17.05.1990"
CASE_NUMBER = "M-0001"
CLEAN_TEXT = (
    "Die Anerkennung ausländischer Pflegeabschlüsse dauert seit Monaten; "
    "die zuständige Stelle ist telefonisch kaum erreichbar und Unterlagen werden mehrfach angefordert."
)


def entry(w: Any, catalogue: str, code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=w.region, catalogue=catalogue, code=code)


def file_report(
    w: Any, *, text: str = CLEAN_TEXT, municipality: Any = None, month: dt.date | None = None
) -> BarrierReport:
    case = make_case(w, number=CASE_NUMBER)
    start = month or (timezone.localdate() - dt.timedelta(days=90)).replace(day=1)
    return services.barrier_report_submit(
        actor=w.users["fallmanagement1"],
        case=case,
        life_domain=entry(w, Catalogue.LIFE_DOMAIN, "arbeit"),
        barrier_type=entry(w, Catalogue.BARRIER_TYPE, "wartezeit"),
        legal_domains=[entry(w, Catalogue.LEGAL_DOMAIN, "aufenthg")],
        organisations=[w.authority],
        municipality=municipality or w.municipalities[0],
        period_start=start,
        period_end=start,
        description=text,
    )


def theme_world(w: Any) -> SimpleNamespace:
    cached = getattr(w, "_themes_world", None)
    if cached is not None:
        return cached
    committees = oparl_world(w)
    t = SimpleNamespace(committees=committees)
    t.case = make_case(w, number=CASE_NUMBER)
    t.report = file_report(w)
    t.theme = services.theme_create(actor=None, region=w.region, title="Anerkennung Pflegeabschlüsse")
    services.report_assign(actor=None, report=t.report, theme=t.theme)
    t.link = services.theme_send_to_steering_group(
        actor=None,
        theme=t.theme,
        meeting=committees.meeting,
        paper_reference="LG-T 2026/01",
        paper_text="Zwölf Meldungen aus sechs Kommunen.",
    )
    t.measure = services.measure_propose(
        actor=None, theme=t.theme, title="Lotsenstelle Anerkennung", responsible_organisation=w.provider
    )
    t.milestone = services.milestone_add(
        actor=None, measure=t.measure, title="Stelle ausgeschrieben", due_on=timezone.localdate()
    )
    t.other_theme = services.theme_create(actor=None, region=w.region, title="Wartezeiten Sprachkurse")
    w._themes_world = t
    return t


def adopting_decision(w: Any, *, text: str = "Die Lenkungsgruppe beschließt die Maßnahme.") -> Decision:
    """An adopting decision of the steering group on the theme's agenda item (the meeting counts as held)."""
    t = theme_world(w)
    Meeting.objects.filter(pk=t.committees.meeting.pk).update(status=Meeting.Status.HELD)
    return Decision.objects.create(
        region=w.region, agenda_item=t.link.agenda_item, text=text, result=Decision.Result.ADOPTED
    )


def _theme(w: Any) -> dict[str, Any]:
    return {"pk": theme_world(w).theme.pk}


def _measure(w: Any) -> dict[str, Any]:
    return {"pk": theme_world(w).measure.pk}


for _name in (
    "themes:theme_detail",
    "themes:theme_edit",
    "themes:theme_merge",
    "themes:theme_split",
    "themes:theme_send",
    "themes:theme_score",
    "themes:theme_decide",
    "themes:local_input_add",
    "themes:measure_create",
):
    register_objects(_name)(_theme)
for _name in (
    "themes:measure_detail",
    "themes:measure_transition",
    "themes:milestone_add",
    "themes:measure_offer_add",
):
    register_objects(_name)(_measure)
register_objects("themes:milestone_edit")(
    lambda w: {"pk": theme_world(w).measure.pk, "milestone_pk": theme_world(w).milestone.pk}
)
for _name in ("themes:report_detail", "themes:report_unassign"):
    register_objects(_name)(lambda w: {"pk": theme_world(w).report.pk})
register_objects("themes:report_assign")(
    lambda w: {"pk": theme_world(w).report.pk, "theme_pk": theme_world(w).other_theme.pk}
)
register_objects("themes:report_create")(lambda w: {"case_pk": theme_world(w).case.pk})
register_objects("api GET /api/v1/themes/{theme_id}")(lambda w: {"theme_id": theme_world(w).theme.pk})
