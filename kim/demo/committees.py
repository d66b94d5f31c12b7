"""Demo committees of the Kreis Siegen-Wittgenstein (domain brief §1 and §2), invented people only.

The Lenkungsgruppe takes its seats from the steering-group memberships that the region
seed already created (``Membership.function`` is the seat); the coordinators' seats are
advisory. Its constituent meeting (9 June 2022) and second meeting (18 October 2022)
carry agendas, minutes, decisions and action items; the Sachbericht is due on 1 June
2023. Beside it: the Projektgruppe Wohnen it commissioned, an Arbeitskreis
Schnittstellenmanagement and the Entwicklungskonferenz Hilchenbach. A third meeting is
planned four weeks after the first seeding, with an action item still open, so that a
coordinator can invite to it and see the open item on its agenda.

Everything is written through the committee services (actor ``None`` = system). A
meeting is built once, in full, when its (body, number) is missing; a second run finds
everything and writes nothing. Historical dates of status changes (minutes approved,
action items done) are set to the day they happened in the story.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kim.accounts.models import Membership, User
from kim.committees import services
from kim.committees.models import (
    ActionItem,
    AgendaItem,
    Body,
    BodyMembership,
    LegislativeTerm,
    Meeting,
    MeetingGuest,
    Paper,
)
from kim.core.models import Municipality, Organisation, Region
from kim.demo.builders import SeedReport

REGION_AGS = "05970"
STEERING_NAME = "Lenkungsgruppe KIM Kreis Siegen-Wittgenstein"
PROJECT_NAME = "Projektgruppe Wohnen"
WORKING_GROUP_NAME = "Arbeitskreis Schnittstellenmanagement"
CONFERENCE_NAME = "Entwicklungskonferenz Hilchenbach"
CONSTITUENT_DAY = dt.date(2022, 6, 9)
SECOND_DAY = dt.date(2022, 10, 18)
REPORT_DUE = dt.date(2023, 6, 1)
KREISHAUS = "Kreishaus Siegen, Sitzungssaal (Demo-Ort)"
COORDINATION = "Koordination KIM"

# Seats whose holders have not (yet) agreed to the publication of their names.
SEATS_WITHOUT_CONSENT = ("Kirchen", "Arbeitgeberverbände/Gewerkschaften")


@dataclass
class ItemSpec:
    title: str
    text: str = ""
    public: bool = True
    paper: str = ""  # reference
    note: str = ""  # minutes on the item
    decision: tuple[str, str] | None = None  # (text, result)
    votes: tuple[int, int, int] | None = None
    children: list[ItemSpec] = field(default_factory=list)


@dataclass
class TaskSpec:
    text: str
    responsible_seat: str = ""  # a seat (function) in the body
    responsible_text: str = ""
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    item: str = ""  # title of the item it comes from


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- the steering group --------------------------------------------------------------------------

STEERING_PAPERS: tuple[tuple[str, str, str, str, dt.date, bool], ...] = (
    (
        "LG 2022/01",
        "Geschäftsordnung der Lenkungsgruppe",
        Paper.Kind.PROPOSAL,
        "Entwurf der Geschäftsordnung: Zusammensetzung, Vorsitz, Einladung mit zwei Wochen Frist, "
        "Beschlussfähigkeit bei Anwesenheit der Hälfte der stimmberechtigten Mitglieder, Protokoll.",
        dt.date(2022, 5, 25),
        False,
    ),
    (
        "LG 2022/02",
        "Bericht der Koordination: Aufbau des Kommunalen Integrationsmanagements",
        Paper.Kind.REPORT,
        "Stand der Stellenbesetzung (Case Management 14,0 VZÄ, Koordination 4,5 VZÄ, ABH/EBH), "
        "Verteilung auf die Kommunen, erste Erfahrungen.",
        dt.date(2022, 5, 25),
        False,
    ),
    (
        "LG 2022/03",
        "Personalangelegenheiten der Koordination",
        Paper.Kind.INFORMATION,
        "Besetzung der halben Stelle Verwaltungsassistenz; Vertretungsregelung.",
        dt.date(2022, 5, 25),
        True,
    ),
    (
        "LG 2022/04",
        "Generative Themen aus der Fallarbeit (1. Halbjahr)",
        Paper.Kind.REPORT,
        "Anonymisierte Auswertung der Fallbefunde: Wohnraumversorgung, Anerkennung ausländischer "
        "Berufsabschlüsse, Übergänge zwischen Rechtskreisen (AsylbLG → SGB II).",
        dt.date(2022, 10, 4),
        False,
    ),
    (
        "LG 2022/05",
        "Einsetzung einer Projektgruppe Wohnen",
        Paper.Kind.PROPOSAL,
        "Die Lenkungsgruppe setzt eine Projektgruppe Wohnen ein. Auftrag: Maßnahmen zur Verbesserung "
        "des Zugangs zu Wohnraum für Menschen mit Einwanderungsgeschichte erarbeiten und der "
        "Lenkungsgruppe bis zum 30.06.2023 vorlegen.",
        dt.date(2022, 10, 4),
        False,
    ),
    (
        "LG 2022/06",
        "Sachbericht 2022: Zeitplan",
        Paper.Kind.INFORMATION,
        f"Der Sachbericht 2022 ist am {REPORT_DUE:%d.%m.%Y} beim Fördermittelgeber einzureichen.",
        dt.date(2022, 10, 4),
        False,
    ),
)

CONSTITUENT_AGENDA: tuple[ItemSpec, ...] = (
    ItemSpec("Begrüßung und Vorstellungsrunde", note="Der Dezernent begrüßt die Mitglieder; Vorstellungsrunde."),
    ItemSpec(
        "Konstituierung der Lenkungsgruppe",
        children=[
            ItemSpec(
                "Geschäftsordnung",
                paper="LG 2022/01",
                note="Die Koordination erläutert den Entwurf; eine Ergänzung zur Vertretung wird aufgenommen.",
                decision=("Die Lenkungsgruppe beschließt die Geschäftsordnung in der vorgelegten Fassung.", "adopted"),
                votes=(12, 0, 0),
            ),
            ItemSpec(
                "Vorsitz",
                decision=(
                    "Den Vorsitz übernimmt der Dezernent Schule/Bildung/Soziales/Jugend, die Stellvertretung "
                    "die Leitung des Kommunalen Integrationszentrums.",
                    "adopted",
                ),
                votes=(11, 0, 1),
            ),
        ],
    ),
    ItemSpec(
        "Bericht der Koordination: Stand des Aufbaus",
        paper="LG 2022/02",
        note="Alle Stellen im Case Management sind besetzt oder im Verfahren.",
        decision=("Die Lenkungsgruppe nimmt den Bericht zur Kenntnis.", "noted"),
    ),
    ItemSpec(
        "Arbeitsweise: vom Einzelfall zum generativen Thema",
        text="Wie Befunde aus der Fallarbeit anonymisiert in die Lenkungsgruppe gelangen.",
        note="Die Mitglieder begrüßen das Verfahren; erste Auswertung zur nächsten Sitzung.",
    ),
    ItemSpec(
        "Terminplanung",
        decision=(f"Die nächste Sitzung findet am {SECOND_DAY:%d.%m.%Y} statt.", "adopted"),
    ),
    ItemSpec(
        "Personalangelegenheiten der Koordination",
        public=False,
        paper="LG 2022/03",
        note="Die Besetzung der Verwaltungsassistenz wird erläutert.",
        decision=("Die Lenkungsgruppe nimmt die Information zur Kenntnis.", "noted"),
    ),
    ItemSpec("Verschiedenes"),
)

CONSTITUENT_TASKS: tuple[TaskSpec, ...] = (
    TaskSpec(
        "Beschlossene Geschäftsordnung an alle Mitglieder versenden",
        responsible_text=COORDINATION,
        due_on=dt.date(2022, 6, 30),
        done_on=dt.date(2022, 6, 20),
        item="Geschäftsordnung",
    ),
    TaskSpec(
        "Stellvertretungen der Sitze an die Koordination melden",
        responsible_text="Alle Mitglieder",
        due_on=dt.date(2022, 9, 1),
        done_on=dt.date(2022, 10, 18),
        item="Konstituierung der Lenkungsgruppe",
    ),
    TaskSpec(
        "Erste Auswertung der Fallbefunde für die zweite Sitzung vorbereiten",
        responsible_text=COORDINATION,
        due_on=dt.date(2022, 10, 4),
        done_on=dt.date(2022, 10, 4),
        item="Arbeitsweise: vom Einzelfall zum generativen Thema",
    ),
)

SECOND_AGENDA: tuple[ItemSpec, ...] = (
    ItemSpec(
        "Begrüßung und Genehmigung des Protokolls der konstituierenden Sitzung",
        decision=("Das Protokoll der konstituierenden Sitzung wird genehmigt.", "adopted"),
        votes=(11, 0, 1),
    ),
    ItemSpec(
        "Generative Themen aus der Fallarbeit",
        paper="LG 2022/04",
        note="Die Koordination stellt drei Themen vor; die Lenkungsgruppe priorisiert das Thema Wohnen.",
        children=[
            ItemSpec("Wohnraumversorgung", decision=("Das Thema erhält Priorität 1.", "adopted")),
            ItemSpec(
                "Anerkennung ausländischer Berufsabschlüsse",
                decision=("Das Thema wird in der nächsten Sitzung vertieft.", "deferred"),
            ),
        ],
    ),
    ItemSpec(
        "Einsetzung der Projektgruppe Wohnen",
        paper="LG 2022/05",
        decision=(
            "Die Lenkungsgruppe setzt die Projektgruppe Wohnen ein. Sie legt ihre Vorschläge bis zum 30.06.2023 vor.",
            "adopted",
        ),
        votes=(11, 0, 1),
    ),
    ItemSpec(
        "Sachbericht 2022: Zeitplan",
        paper="LG 2022/06",
        decision=(
            f"Die Koordination legt den Entwurf des Sachberichts bis zum 15.05.2023 vor; "
            f"Einreichung zum {REPORT_DUE:%d.%m.%Y}.",
            "adopted",
        ),
    ),
    ItemSpec("Verschiedenes", note="Wissenschaftliche Begleitung durch die Universität Siegen wird angeregt."),
)

SECOND_TASKS: tuple[TaskSpec, ...] = (
    TaskSpec(
        "Mandat und Zusammensetzung der Projektgruppe Wohnen abstimmen",
        responsible_seat="Jobcenter (Geschäftsführung)",
        due_on=dt.date(2022, 11, 30),
        done_on=dt.date(2022, 11, 24),
        item="Einsetzung der Projektgruppe Wohnen",
    ),
    TaskSpec(
        "Entwurf des Sachberichts 2022 vorlegen",
        responsible_text=COORDINATION,
        due_on=dt.date(2023, 5, 15),
        done_on=dt.date(2023, 5, 12),
        item="Sachbericht 2022: Zeitplan",
    ),
    TaskSpec(
        "Sachbericht 2022 beim Fördermittelgeber einreichen",
        responsible_text=COORDINATION,
        due_on=REPORT_DUE,
        done_on=dt.date(2023, 5, 30),
        item="Sachbericht 2022: Zeitplan",
    ),
    TaskSpec(
        "Übersicht der Beratungsstellen zur Anerkennung ausländischer Berufsabschlüsse zusammenstellen",
        responsible_seat="Vertretung der AG Wohlfahrt",
        due_on=dt.date(2023, 1, 31),
        item="Anerkennung ausländischer Berufsabschlüsse",
    ),
)

NEXT_AGENDA: tuple[ItemSpec, ...] = (
    ItemSpec("Begrüßung und Genehmigung des Protokolls der letzten Sitzung"),
    ItemSpec("Bericht der Projektgruppe Wohnen", text="Vorschläge für Maßnahmen zur Wohnraumversorgung."),
    ItemSpec("Anerkennung ausländischer Berufsabschlüsse", text="Vertiefung des zurückgestellten Themas."),
    ItemSpec("Verschiedenes"),
)


def seed(*, report: SeedReport) -> None:
    region = Region.objects.filter(ags=REGION_AGS).first()
    if region is None:
        return
    seeder = _Seeder(region=region, report=report)
    seeder.steering_group()
    seeder.project_group()
    seeder.working_group()
    seeder.development_conference()


class _Seeder:
    def __init__(self, *, region: Region, report: SeedReport) -> None:
        self.region = region
        self.report = report
        self.notes: dict[Any, str] = {}  # agenda item id → minutes on the item

    # --- generic pieces --------------------------------------------------------------------------

    def body(self, *, name: str, **values: Any) -> Body:
        body = Body.objects.filter(region=self.region, name=name).first()
        if body is None:
            body = services.body_create(actor=None, region=self.region, name=name, **values)
            self.report.count_created(Body)
        return body

    def seat(
        self,
        body: Body,
        *,
        user: User | None = None,
        external_name: str = "",
        **values: Any,
    ) -> BodyMembership:
        lookup: dict[str, Any] = {"user": user} if user is not None else {"external_name": external_name}
        seat = BodyMembership.objects.alive().filter(body=body, **lookup).first()
        if seat is None:
            seat = services.membership_add(actor=None, body=body, user=user, external_name=external_name, **values)
            self.report.count_created(BodyMembership)
        return seat

    def paper(self, body: Body, spec: tuple[str, str, str, str, dt.date, bool]) -> Paper:
        reference, title, kind, text, day, secret = spec
        paper = Paper.objects.filter(region=self.region, reference=reference).first()
        if paper is None:
            paper = services.paper_create(
                actor=None,
                body=body,
                reference=reference,
                title=title,
                kind=kind,
                text=text,
                published_on=day,
                confidential=secret,
            )
            self.report.count_created(Paper)
        return paper

    def user(self, username: str) -> User | None:
        return User.objects.filter(username=username, memberships__region=self.region).distinct().first()

    def organisation(self, name: str) -> Organisation | None:
        return Organisation.objects.filter(region=self.region, name=name).first()

    def held_meeting(
        self,
        body: Body,
        *,
        number: int,
        day: dt.date,
        title: str,
        location: str,
        agenda: tuple[ItemSpec, ...],
        tasks: tuple[TaskSpec, ...],
        minutes: str,
        approved_on: dt.date | None,
        published: bool,
        absent: tuple[str, ...] = (),
        guests: tuple[tuple[str, str, str], ...] = (),
        confidential_minutes: str = "",
    ) -> Meeting:
        existing = Meeting.objects.filter(body=body, number=number).first()
        if existing is not None:
            return existing
        meeting = services.meeting_create(
            actor=None,
            body=body,
            number=number,
            title=title,
            start=_local(day, 14),
            end=_local(day, 16, 30),
            location=location,
            published=published,
        )
        self.report.count_created(Meeting)
        items = self.agenda(meeting, agenda)
        for name, organisation, topic in guests:
            services.guest_add(actor=None, meeting=meeting, name=name, organisation_name=organisation, topic=topic)
            self.report.count_created(MeetingGuest)
        members = services.meeting_members(meeting)
        entries = [
            services.AttendanceEntry(
                status="excused" if member.function in absent else "present",
                member=member,
            )
            for member in members
            if member.deputy_of_id is None  # deputies attend only in place of their member
        ] + [services.AttendanceEntry(status="present", guest=guest) for guest in meeting.guests.all()]
        services.attendance_record(actor=None, meeting=meeting, entries=entries)
        self.decisions(items, agenda)
        self.tasks(meeting, tasks, items)
        services.minutes_update(
            actor=None,
            meeting=meeting,
            minutes_text=minutes,
            minutes_confidential_text=confidential_minutes,
            item_notes=self.notes,
        )
        if approved_on is not None:
            services.minutes_circulate(actor=None, meeting=meeting)
            services.minutes_approve(actor=None, meeting=meeting)
            Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_on=approved_on)
        return meeting

    def agenda(self, meeting: Meeting, specs: tuple[ItemSpec, ...]) -> dict[str, AgendaItem]:
        items: dict[str, AgendaItem] = {}

        def add(spec: ItemSpec, parent: AgendaItem | None) -> None:
            paper = Paper.objects.filter(region=self.region, reference=spec.paper).first() if spec.paper else None
            item = services.agenda_item_add(
                actor=None,
                meeting=meeting,
                title=spec.title,
                text=spec.text,
                public=spec.public,
                parent=parent,
                paper=paper,
            )
            if spec.note:
                self.notes[item.pk] = spec.note
            self.report.count_created(AgendaItem)
            items[spec.title] = item
            for child in spec.children:
                add(child, item)

        for spec in specs:
            add(spec, None)
        return items

    def decisions(self, items: dict[str, AgendaItem], specs: tuple[ItemSpec, ...]) -> None:
        def walk(spec: ItemSpec) -> None:
            if spec.decision is not None:
                votes = spec.votes or (None, None, None)
                services.decision_record(
                    actor=None,
                    agenda_item=items[spec.title],
                    text=spec.decision[0],
                    result=spec.decision[1],
                    votes_for=votes[0],
                    votes_against=votes[1],
                    abstentions=votes[2],
                )
            for child in spec.children:
                walk(child)

        for spec in specs:
            walk(spec)

    def tasks(self, meeting: Meeting, specs: tuple[TaskSpec, ...], items: dict[str, AgendaItem]) -> None:
        for spec in specs:
            responsible = (
                BodyMembership.objects.current(on=timezone.localtime(meeting.start).date())
                .filter(body_id=meeting.body_id, function=spec.responsible_seat)
                .first()
                if spec.responsible_seat
                else None
            )
            task = services.action_item_add(
                actor=None,
                meeting=meeting,
                text=spec.text,
                agenda_item=items.get(spec.item),
                responsible_member=responsible,
                responsible_text="" if responsible is not None else (spec.responsible_text or COORDINATION),
                due_on=spec.due_on,
            )
            self.report.count_created(ActionItem)
            if spec.done_on is not None:
                services.action_item_complete(actor=None, action_item=task, on=spec.done_on)

    # --- the bodies ------------------------------------------------------------------------------

    def steering_group(self) -> None:
        body = self.body(
            name=STEERING_NAME,
            kind=Body.Kind.STEERING_GROUP,
            short_name="Lenkungsgruppe",
            description="Nimmt die Themen aus der Fallarbeit auf, priorisiert sie, beauftragt Projektgruppen "
            "und beschließt Maßnahmen, die alle Partner mittragen.",
        )
        if not LegislativeTerm.objects.filter(body=body).exists():
            LegislativeTerm.objects.create(
                region=self.region, body=body, name="Förderphase ab 2022", start_on=CONSTITUENT_DAY
            )
            self.report.count_created(LegislativeTerm)
        seats = (
            Membership.objects.filter(region=self.region, role__code="steering_member")
            .select_related("user", "organisation")
            .order_by("valid_from", "user__last_name")
        )
        for membership in seats:
            advisory = "beratend" in membership.function
            consent = membership.function not in SEATS_WITHOUT_CONSENT
            self.seat(
                body,
                user=membership.user,
                role=BodyMembership.Role.ADVISORY if advisory else BodyMembership.Role.VOTING,
                organisation=membership.organisation,
                function=membership.function,
                start_on=CONSTITUENT_DAY,
                publish_name=consent,
                publish_name_agreed_on=CONSTITUENT_DAY if consent else None,
            )
        jobcenter_seat = (
            BodyMembership.objects.alive().filter(body=body, function="Jobcenter (Geschäftsführung)").first()
        )
        if jobcenter_seat is not None:
            self.seat(
                body,
                external_name="Stefan Vogel",
                external_email="stefan.vogel@demo.kim.invalid",
                role=BodyMembership.Role.VOTING,
                organisation=jobcenter_seat.organisation,
                function="Jobcenter (stellvertretende Geschäftsführung)",
                deputy_of=jobcenter_seat,
                start_on=CONSTITUENT_DAY,
            )
        for spec in STEERING_PAPERS:
            self.paper(body, spec)
        self.held_meeting(
            body,
            number=1,
            day=CONSTITUENT_DAY,
            title="Konstituierende Sitzung",
            location=KREISHAUS,
            agenda=CONSTITUENT_AGENDA,
            tasks=CONSTITUENT_TASKS,
            minutes="Die Lenkungsgruppe hat sich konstituiert, die Geschäftsordnung beschlossen und den Vorsitz "
            "bestimmt. Die Koordination berichtete über den Stand des Aufbaus.",
            confidential_minutes="Zu den Personalangelegenheiten der Koordination: Die Stelle der "
            "Verwaltungsassistenz wird zum 1. September 2022 besetzt; Einzelheiten nur im nicht öffentlichen Teil.",
            approved_on=SECOND_DAY,
            published=True,
            absent=("Kirchen",),
        )
        self.held_meeting(
            body,
            number=2,
            day=SECOND_DAY,
            title="Zweite Sitzung",
            location=KREISHAUS,
            agenda=SECOND_AGENDA,
            tasks=SECOND_TASKS,
            minutes="Die Lenkungsgruppe hat die ersten generativen Themen aus der Fallarbeit beraten, das Thema "
            "Wohnen priorisiert, die Projektgruppe Wohnen eingesetzt und den Zeitplan für den Sachbericht "
            "2022 festgelegt.",
            approved_on=dt.date(2023, 3, 15),
            published=True,
            absent=("BAMF (Regionalkoordination)",),
            guests=(("Dr. Laura Engel", "Universität Siegen (Demo)", "Wissenschaftliche Begleitung"),),
        )
        if not Meeting.objects.filter(body=body, number=3).exists():
            day = timezone.localdate() + dt.timedelta(days=28)
            meeting = services.meeting_create(
                actor=None,
                body=body,
                number=3,
                title="Dritte Sitzung",
                start=_local(day, 14),
                end=_local(day, 16, 30),
                location=KREISHAUS,
                published=True,
            )
            self.report.count_created(Meeting)
            self.agenda(meeting, NEXT_AGENDA)

    def project_group(self) -> None:
        steering = Body.objects.filter(region=self.region, name=STEERING_NAME).first()
        body = self.body(
            name=PROJECT_NAME,
            kind=Body.Kind.PROJECT_GROUP,
            parent=steering,
            mandate="Maßnahmen zur Verbesserung des Zugangs zu Wohnraum für Menschen mit Einwanderungsgeschichte "
            "erarbeiten und der Lenkungsgruppe vorlegen (Beschluss vom 18.10.2022).",
            mandate_deadline=dt.date(2023, 6, 30),
        )
        start = dt.date(2022, 11, 1)
        member = self.user("projektgruppe")
        if member is not None:
            self.seat(
                body,
                user=member,
                role=BodyMembership.Role.VOTING,
                organisation=self.organisation("Jobcenter Siegen-Wittgenstein"),
                function="Jobcenter",
                start_on=start,
            )
        coordinator = self.user("koordination")
        if coordinator is not None:
            self.seat(body, user=coordinator, role=BodyMembership.Role.ADVISORY, function=COORDINATION, start_on=start)
        self.seat(
            body,
            external_name="Jana Krüger",
            external_email="jana.krueger@demo.kim.invalid",
            role=BodyMembership.Role.VOTING,
            function="Wohnungswirtschaft (Demo)",
            start_on=start,
        )
        self.seat(
            body,
            external_name="Ibrahim Yilmaz",
            external_email="ibrahim.yilmaz@demo.kim.invalid",
            role=BodyMembership.Role.VOTING,
            function="Mieterverein (Demo)",
            start_on=start,
        )
        self.held_meeting(
            body,
            number=1,
            day=dt.date(2022, 11, 24),
            title="Auftaktsitzung",
            location="Jobcenter Siegen-Wittgenstein, Besprechungsraum (Demo-Ort)",
            agenda=(
                ItemSpec(
                    "Auftrag der Lenkungsgruppe", text="Beschluss der Lenkungsgruppe vom 18.10.2022 (LG 2022/05)."
                ),
                ItemSpec("Bestandsaufnahme: Zugänge zu Wohnraum", note="Sammlung der Hürden aus Sicht der Partner."),
                ItemSpec("Arbeitsplan bis Juni 2023", decision=("Der Arbeitsplan wird beschlossen.", "adopted")),
            ),
            tasks=(
                TaskSpec(
                    "Anonymisierte Fallbeispiele zu Wohnungsabsagen zusammenstellen",
                    responsible_text=COORDINATION,
                    due_on=dt.date(2023, 1, 15),
                    done_on=dt.date(2023, 1, 12),
                ),
            ),
            minutes="Die Projektgruppe hat ihren Auftrag besprochen und einen Arbeitsplan beschlossen.",
            approved_on=dt.date(2023, 1, 19),
            published=False,
        )

    def working_group(self) -> None:
        body = self.body(
            name=WORKING_GROUP_NAME,
            kind=Body.Kind.INTERFACE_WORKING_GROUP,
            short_name="AK Schnittstellen",
            description="Kollegialer Austausch von Case Management, Koordination, ABH/EBH und Netzwerkpartnern, "
            "um Doppelstrukturen und unklare Zuständigkeiten zu vermeiden.",
        )
        start = dt.date(2022, 8, 1)
        for username, role, function in (
            ("koordination", BodyMembership.Role.VOTING, "Koordination KIM (Leitung des Arbeitskreises)"),
            ("fallmanagement1", BodyMembership.Role.VOTING, "Case Management Team Siegen"),
            ("fallmanagement3", BodyMembership.Role.VOTING, "Case Management Team Nord"),
            ("abh", BodyMembership.Role.VOTING, "Ausländerbehörde Kreis"),
            ("christina.lange", BodyMembership.Role.VOTING, "Einbürgerungsbehörde Kreis"),
        ):
            user = self.user(username)
            if user is not None:
                self.seat(body, user=user, role=role, function=function, start_on=start)
        self.held_meeting(
            body,
            number=1,
            day=dt.date(2022, 9, 14),
            title="Arbeitstreffen",
            location="Kommunales Integrationszentrum, Raum 2 (Demo-Ort)",
            agenda=(
                ItemSpec("Zuständigkeiten beim Rechtskreiswechsel (AsylbLG → SGB II)"),
                ItemSpec(
                    "Befunde aus der Fallarbeit für die Lenkungsgruppe",
                    note="Wohnen und Anerkennung werden als generative Themen vorgeschlagen.",
                ),
            ),
            tasks=(),
            minutes="Der Arbeitskreis hat Übergaben beim Rechtskreiswechsel besprochen und zwei Themen für die "
            "Lenkungsgruppe vorbereitet.",
            approved_on=dt.date(2022, 10, 12),
            published=False,
        )

    def development_conference(self) -> None:
        municipality = Municipality.objects.filter(region=self.region, name="Hilchenbach").first()
        if municipality is None:
            return
        body = self.body(
            name=CONFERENCE_NAME,
            kind=Body.Kind.DEVELOPMENT_CONFERENCE,
            municipality=municipality,
            description="Die örtlichen Akteure in Hilchenbach bestimmen den Bedarf zu den generativen Themen.",
        )
        start = dt.date(2023, 2, 1)
        mayor = self.user("andreas.jung")
        if mayor is not None:
            self.seat(
                body,
                user=mayor,
                role=BodyMembership.Role.VOTING,
                organisation=self.organisation("Stadt Hilchenbach"),
                function="Stadt Hilchenbach",
                start_on=start,
            )
        coordinator = self.user("koordination")
        if coordinator is not None:
            self.seat(body, user=coordinator, role=BodyMembership.Role.ADVISORY, function=COORDINATION, start_on=start)
        for name, function in (
            ("Monika Hof", "Integrationsrat Hilchenbach (Demo)"),
            ("Ahmad Karimi", "Flüchtlingshilfe Hilchenbach (Demo)"),
            ("Claudia Sommer", "Grundschule Hilchenbach (Demo)"),
        ):
            self.seat(body, external_name=name, role=BodyMembership.Role.VOTING, function=function, start_on=start)
        self.held_meeting(
            body,
            number=1,
            day=dt.date(2023, 3, 8),
            title="Erste Entwicklungskonferenz",
            location="Rathaus Hilchenbach, Ratssaal (Demo-Ort)",
            agenda=(
                ItemSpec("KIM in Hilchenbach: Vorstellung"),
                ItemSpec(
                    "Bedarfe zum Thema Wohnen vor Ort",
                    note="Fehlende kleine Wohnungen; lange Wege zu Beratungsstellen.",
                ),
                ItemSpec(
                    "Weiteres Vorgehen",
                    decision=("Die Bedarfe werden an die Projektgruppe Wohnen weitergegeben.", "adopted"),
                ),
            ),
            tasks=(
                TaskSpec(
                    "Bedarfe aus Hilchenbach an die Projektgruppe Wohnen weitergeben",
                    responsible_text=COORDINATION,
                    due_on=dt.date(2023, 3, 31),
                    done_on=dt.date(2023, 3, 20),
                ),
            ),
            minutes="Die Entwicklungskonferenz hat die Bedarfe zum Thema Wohnen für Hilchenbach zusammengetragen.",
            approved_on=dt.date(2023, 4, 5),
            published=False,
        )
