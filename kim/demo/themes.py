"""Demo of the theme loop in Kreis Siegen-Wittgenstein: from case findings to measures.

The complete chain: "Anerkennung ausländischer Pflegeabschlüsse dauert zu lange", a dozen
anonymised reports from cases in six municipalities, grouped into a theme, put before the
Lenkungsgruppe at its meeting of 18 October 2022 (paper LG 2022/07), prioritised by the
members, decided (a project group with mandate and deadline), two measures adopted by the
steering group at its meeting of 15 March 2023 (created here through the committee services,
with a paper, an agenda item on the theme and the adopting decision), one implemented as a
new offer in the directory — and fewer reports since. Beside it
three younger themes at earlier stages and one report still unassigned.

Runs after the cases, directory and committee demos (it needs their cases, offers and the
steering group); missing pieces are skipped. Reports are filed through the service (the
guard checks every text); historical dates are set afterwards, as the committee demo does.
A second run finds each theme by its title and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import cycle

from django.db import transaction
from django.utils import timezone

from kim.accounts.models import Membership
from kim.cases.models import Case
from kim.committees import services as committee_services
from kim.committees.models import AgendaItem, Body, BodyMembership, Decision, Meeting, Paper
from kim.core import audit
from kim.core.errors import ApplicationError
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.demo.builders import SeedReport
from kim.directory.models import Service
from kim.themes import services
from kim.themes.models import (
    BarrierReport,
    BarrierReportSource,
    LocalInput,
    Measure,
    Milestone,
    PrioritisationScore,
    Theme,
    ThemeAgendaItem,
    ThemeDecision,
)

REGION_AGS = "05970"
STEERING_NAME = "Lenkungsgruppe KIM Kreis Siegen-Wittgenstein"
CONFERENCE_NAME = "Entwicklungskonferenz Hilchenbach"
DECISION_DAY = dt.date(2022, 10, 18)
ADOPTION_DAY = dt.date(2023, 3, 15)
ADOPTION_PAPER = "LG 2023/03"
NURSING_TITLE = "Anerkennung ausländischer Pflegeabschlüsse dauert zu lange"
PROJECT_GROUP = "Projektgruppe Anerkennung Pflegeberufe"
OFFER_NAME = "Anerkennungslotsin Pflege (Demo)"
IQ = "IQ Netzwerk NRW – Anerkennungsberatung Südwestfalen (Demo)"
NURSING_MUNICIPALITIES = ("Siegen (Universitätsstadt)", "Kreuztal", "Netphen", "Bad Berleburg", "Wilnsdorf", "Burbach")

NURSING_TEXTS = (
    "Anerkennungsverfahren für eine Pflegefachkraft aus einem Drittstaat läuft seit über einem Jahr; "
    "die Kenntnisprüfung ist erst in vielen Monaten möglich.",
    "Für die Anerkennung des Pflegeabschlusses werden beglaubigte Übersetzungen verlangt, die Kosten "
    "übernimmt keine Stelle.",
    "Die zuständige Stelle für die Anerkennung von Pflegeabschlüssen ist telefonisch kaum erreichbar; "
    "Sachstandsanfragen bleiben unbeantwortet.",
    "Anpassungslehrgänge für Pflegekräfte gibt es im Kreis nicht; der nächste Lehrgang ist weit entfernt.",
    "Unterlagen zum Pflegeabschluss wurden mehrfach angefordert, obwohl sie vollständig vorlagen.",
    "Während der Anerkennung darf die Person nur als Pflegehilfskraft arbeiten; das Jobcenter verlangt "
    "trotzdem Vollzeitbewerbungen.",
    "Defizitbescheid zur Pflegeausbildung ist für die Person ohne Beratung nicht verständlich.",
    "Sprachkurse auf B2-Niveau mit Pflegebezug fehlen; ohne sie kein Abschluss der Anerkennung.",
    "Zwischen Jobcenter, Anerkennungsstelle und Pflegeschule ist unklar, wer die Anpassungsqualifizierung finanziert.",
    "Arbeitgeber in der Pflege würden einstellen, warten aber auf die Anerkennung; das Verfahren dauert zu lange.",
    "Die Anerkennung des Pflegeabschlusses stockt, weil Nachweise aus dem Herkunftsland nicht zu beschaffen sind.",
    "Kenntnisprüfung in der Pflege: Wartezeit auf einen Termin von mehr als sechs Monaten.",
)
NURSING_MONTHS = (
    (2022, 6),
    (2022, 6),
    (2022, 7),
    (2022, 7),
    (2022, 7),
    (2022, 8),
    (2022, 8),
    (2022, 9),
    (2022, 9),
    (2022, 9),
    (2022, 12),
    (2023, 2),
)
NURSING_TYPES = ("wartezeit", "zugang_dokumente", "wartezeit", "kein_angebot", "zugang_dokumente", "rechtlich")
LATER_TEXTS = (
    "Anerkennung eines Pflegeabschlusses: Unterlagen mussten erneut übersetzt werden.",
    "Wartezeit auf die Kenntnisprüfung in der Pflege weiterhin lang, aber die Lotsin hat den Antrag begleitet.",
    "Anpassungslehrgang Pflege voll ausgebucht; Anerkennung verzögert sich.",
    "Beglaubigte Übersetzungen für die Anerkennung weiterhin teuer; die Lotsin vermittelt eine Förderung.",
    "Kenntnisprüfung Pflege: Sammeltermin in Planung, bis dahin weiter Wartezeit.",
)
# Five reports in the twelve months after the guide started (against twelve before): enough to
# compare without a suppressed count, and fewer than before.
LATER_MONTHS = ((2023, 8), (2023, 9), (2023, 11), (2024, 2), (2024, 4))


class _Seeder:
    def __init__(self, region: Region, report: SeedReport) -> None:
        self.region = region
        self.report = report
        self.cases = cycle(
            list(
                Case.objects.filter(region=region, case_manager__isnull=False)
                .select_related("client", "team")
                .order_by("number")
            )
        )

    def entry(self, catalogue: str, code: str) -> CatalogueEntry:
        return CatalogueEntry.objects.get(region=self.region, catalogue=catalogue, code=code)

    def municipality(self, name: str) -> Municipality:
        return Municipality.objects.get(region=self.region, name=name)

    def file(
        self,
        *,
        text: str,
        month: tuple[int, int],
        municipality: str,
        barrier: str,
        domain: str = "arbeit",
        legal: tuple[str, ...] = (),
    ) -> BarrierReport | None:
        start = dt.date(*month, 1)
        for _attempt in range(3):  # another case if the guard finds a client's name in the text
            case = next(self.cases)
            try:
                report = services.barrier_report_submit(
                    actor=None,
                    case=case,
                    life_domain=self.entry(Catalogue.LIFE_DOMAIN, domain),
                    barrier_type=self.entry(Catalogue.BARRIER_TYPE, barrier),
                    legal_domains=[self.entry(Catalogue.LEGAL_DOMAIN, code) for code in legal],
                    municipality=self.municipality(municipality),
                    period_start=start,
                    period_end=start,
                    description=text,
                    origin=BarrierReportSource.Origin.NEED,
                )
            except ApplicationError:
                continue
            submitted = timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=20), dt.time(10)))
            BarrierReport.objects.filter(pk=report.pk).update(submitted_at=min(submitted, timezone.now()))
            BarrierReportSource.objects.filter(report=report).update(submitted_by=case.case_manager)
            self.report.count_created(BarrierReport)
            return report
        return None

    def theme(self, title: str, description: str, reports: list[BarrierReport | None]) -> Theme:
        theme = services.theme_create(actor=None, region=self.region, title=title, description=description)
        self.report.count_created(Theme)
        for item in reports:
            if item is not None:
                services.report_assign(actor=None, report=item, theme=theme)
        return theme

    # --- the complete chain ----------------------------------------------------------------

    def nursing_chain(self) -> None:
        steering = Body.objects.alive().filter(region=self.region, name=STEERING_NAME).first()
        second = Meeting.objects.filter(body=steering, start__date=DECISION_DAY).first() if steering else None
        reports = [
            self.file(
                text=text,
                month=month,
                municipality=NURSING_MUNICIPALITIES[index % len(NURSING_MUNICIPALITIES)],
                barrier=NURSING_TYPES[index % len(NURSING_TYPES)],
                legal=("aufenthg", "sgb2") if index % 3 == 0 else ("aufenthg",),
            )
            for index, (text, month) in enumerate(zip(NURSING_TEXTS, NURSING_MONTHS, strict=True))
        ]
        theme = self.theme(
            NURSING_TITLE,
            "Pflegefachkräfte aus Drittstaaten warten lange auf die Anerkennung ihrer Abschlüsse; "
            "Zuständigkeiten zwischen Anerkennungsstelle, Jobcenter und Pflegeschulen sind unklar.",
            reports,
        )
        later = [
            self.file(
                text=text,
                month=month,
                municipality=NURSING_MUNICIPALITIES[i % len(NURSING_MUNICIPALITIES)],
                barrier="wartezeit",
            )
            for i, (text, month) in enumerate(zip(LATER_TEXTS, LATER_MONTHS, strict=True))
        ]
        for filed in later:
            if filed is not None:
                services.report_assign(actor=None, report=filed, theme=theme)
        if steering is None or second is None:
            return  # the committee demo is missing: the theme stays at the collecting stage
        item, paper = self._historic_item(second)
        ThemeAgendaItem.objects.create(region=self.region, theme=theme, agenda_item=item, paper=paper)
        self._scores(theme, steering, second)
        decision = self._historic_decision(
            item,
            f"Die Lenkungsgruppe setzt die {PROJECT_GROUP} ein. Auftrag: Wege zu schnelleren "
            "Anerkennungsverfahren in der Pflege erarbeiten; Vorschläge bis Ende März 2023.",
        )
        group = committee_services.body_create(
            actor=None,
            region=self.region,
            kind=Body.Kind.PROJECT_GROUP,
            name=PROJECT_GROUP,
            short_name="PG Anerkennung",
            parent=steering,
            mandate="Wege zu schnelleren Anerkennungsverfahren in der Pflege erarbeiten und Maßnahmen vorschlagen.",
            mandate_deadline=dt.date(2023, 3, 31),
        )
        self.report.count_created(Body)
        self._project_members(group)
        ThemeDecision.objects.create(
            region=self.region,
            theme=theme,
            agenda_item=item,
            decision=decision,
            kind=ThemeDecision.Kind.COMMISSION,
            project_group=group,
            mandate=group.mandate,
            deadline=group.mandate_deadline,
        )
        Theme.objects.filter(pk=theme.pk).update(status=Theme.Status.DECIDED)
        theme.refresh_from_db()
        self._measures(theme, group, steering)
        conference = Body.objects.alive().filter(region=self.region, name=CONFERENCE_NAME).first()
        services.local_input_record(
            actor=None,
            theme=theme,
            municipality=self.municipality("Hilchenbach"),
            conference=conference,
            priority=LocalInput.Priority.HIGH,
            notes="Zwei Pflegeheime in Hilchenbach suchen Fachkräfte; Bedarf an Begleitung im Verfahren.",
        )
        self.report.count_created(LocalInput)

    def _historic_item(self, meeting: Meeting) -> tuple[AgendaItem, Paper]:
        """The item on the (long approved) agenda of 18.10.2022, written as it happened then."""
        paper = Paper.objects.create(
            region=self.region,
            body=meeting.body,
            reference="LG 2022/07",
            title=f"Generatives Thema: {NURSING_TITLE}",
            kind=Paper.Kind.PROPOSAL,
            text="Zwölf anonymisierte Meldungen aus sechs Kommunen (Juni bis September 2022): lange "
            "Anerkennungsverfahren, fehlende Anpassungslehrgänge, unklare Finanzierung. "
            "Vorschlag: Einsetzung einer Projektgruppe.",
            published_on=dt.date(2022, 10, 4),
        )
        audit.record_create(actor=None, instance=paper)
        parent = (
            AgendaItem.objects.alive().filter(meeting=meeting, title="Generative Themen aus der Fallarbeit").first()
        )
        siblings = AgendaItem.objects.alive().filter(meeting=meeting, parent=parent)
        position = siblings.count() + 1
        number = f"{parent.number}.{position}" if parent is not None else str(position)
        item = AgendaItem.objects.create(
            region=self.region,
            meeting=meeting,
            parent=parent,
            position=position,
            number=number,
            title="Anerkennung ausländischer Pflegeabschlüsse",
            text=paper.title,
            paper=paper,
        )
        audit.record_create(actor=None, instance=item)
        self.report.count_created(AgendaItem)
        return item, paper

    def _historic_decision(self, item: AgendaItem, text: str) -> Decision:
        decision = Decision.objects.create(
            region=self.region, agenda_item=item, text=text, result=Decision.Result.ADOPTED, votes_for=11
        )
        audit.record_create(actor=None, instance=decision)
        self.report.count_created(Decision)
        return decision

    def _scores(self, theme: Theme, steering: Body, meeting: Meeting) -> None:
        seats = BodyMembership.objects.alive().filter(
            body=steering, user__isnull=False, role__in=["voting", "advisory"]
        )
        for index, seat in enumerate(seats.order_by("function")):
            PrioritisationScore.objects.create(
                region=self.region,
                theme=theme,
                member=seat.user,
                meeting=meeting,
                urgency=5 if index % 3 else 4,
                reach=4 if index % 2 else 3,
            )
            self.report.count_created(PrioritisationScore)

    def _project_members(self, group: Body) -> None:
        for membership in Membership.objects.current().filter(region=self.region, role__code="project_member"):
            committee_services.membership_add(
                actor=None,
                body=group,
                role=BodyMembership.Role.VOTING,
                user=membership.user,
                function=membership.function or "Mitglied",
                start_on=dt.date(2022, 11, 1),
            )
            self.report.count_created(BodyMembership)

    def _adoption_meeting(self, theme: Theme, steering: Body) -> Decision:
        """The steering group's meeting of 15 March 2023 that adopted the two measures (idempotent).

        Built through the committee services: meeting, paper, agenda item on the theme,
        attendance, the adopting decision and approved minutes.
        """
        start = timezone.make_aware(dt.datetime.combine(ADOPTION_DAY, dt.time(14)))
        meeting = Meeting.objects.alive().filter(body=steering, start__date=ADOPTION_DAY).first()
        if meeting is None:
            meeting = committee_services.meeting_create(
                actor=None,
                body=steering,
                title="Sitzung März 2023",
                start=start,
                end=start + dt.timedelta(hours=2, minutes=30),
                location="Kreishaus Siegen, Sitzungssaal",
                published=True,
            )
            self.report.count_created(Meeting)
        link = ThemeAgendaItem.objects.filter(theme=theme, agenda_item__meeting=meeting).first()
        if link is None:
            paper = Paper.objects.filter(region=self.region, reference=ADOPTION_PAPER).first()
            if paper is None:
                paper = committee_services.paper_create(
                    actor=None,
                    body=steering,
                    reference=ADOPTION_PAPER,
                    title=f"Maßnahmenvorschläge der {PROJECT_GROUP}",
                    text="Die Projektgruppe schlägt zwei Maßnahmen vor: eine Anerkennungslotsin Pflege "
                    "(halbe Stelle, Baustein 1) und Sammeltermine für Kenntnisprüfungen mit den Pflegeschulen.",
                    published_on=ADOPTION_DAY - dt.timedelta(days=14),
                )
                self.report.count_created(Paper)
            item = committee_services.agenda_item_add(
                actor=None,
                meeting=meeting,
                title=f"Bericht der {PROJECT_GROUP}: Maßnahmen",
                text=paper.title,
                paper=paper,
            )
            self.report.count_created(AgendaItem)
            link = ThemeAgendaItem.objects.create(region=self.region, theme=theme, agenda_item=item, paper=paper)
            audit.record_create(actor=None, instance=link)
        item = link.agenda_item
        decision = Decision.objects.filter(agenda_item=item, result=Decision.Result.ADOPTED).first()
        if decision is not None:
            return decision
        if meeting.status != Meeting.Status.HELD:
            members = [m for m in committee_services.meeting_members(meeting) if m.deputy_of_id is None]
            committee_services.attendance_record(
                actor=None,
                meeting=meeting,
                entries=[committee_services.AttendanceEntry(status="present", member=m) for m in members],
            )
        decision = committee_services.decision_record(
            actor=None,
            agenda_item=item,
            text="Die Lenkungsgruppe beschließt die Maßnahmen „Anerkennungslotsin Pflege“ und „Sammeltermine "
            "für Kenntnisprüfungen“ und stellt die Mittel aus Baustein 1 bereit.",
            result=Decision.Result.ADOPTED,
        )
        self.report.count_created(Decision)
        if meeting.minutes_status != Meeting.MinutesStatus.APPROVED:
            committee_services.minutes_update(
                actor=None,
                meeting=meeting,
                minutes_text="Die Projektgruppe Anerkennung Pflegeberufe stellte ihre Vorschläge vor; "
                "die Lenkungsgruppe hat beide Maßnahmen beschlossen.",
            )
            committee_services.minutes_circulate(actor=None, meeting=meeting)
            committee_services.minutes_approve(actor=None, meeting=meeting)
            Meeting.objects.filter(pk=meeting.pk).update(minutes_approved_on=ADOPTION_DAY + dt.timedelta(days=21))
        return decision

    def _measures(self, theme: Theme, group: Body, steering: Body) -> None:
        adopting = self._adoption_meeting(theme, steering)
        iq = Organisation.objects.filter(region=self.region, name=IQ).first()
        responsible = iq or Organisation.objects.filter(region=self.region).order_by("name").first()
        if responsible is None:
            return
        guide = services.measure_propose(
            actor=None,
            theme=theme,
            project_group=group,
            title="Anerkennungslotsin Pflege",
            description="Eine halbe Stelle begleitet Pflegefachkräfte durch das Anerkennungsverfahren.",
            responsible_organisation=responsible,
            budget_line="Baustein 1 – Mittel für Maßnahmen",
            budget_amount=Decimal(28000),
        )
        exams = services.measure_propose(
            actor=None,
            theme=theme,
            project_group=group,
            title="Sammeltermine für Kenntnisprüfungen",
            description="Mit den Pflegeschulen werden feste Sammeltermine für Kenntnisprüfungen im Kreis vereinbart.",
            responsible_organisation=responsible,
            budget_line="Baustein 1 – Mittel für Veranstaltungen",
            budget_amount=Decimal(4500),
        )
        self.report.count_created(Measure, 2)
        for measure in (guide, exams):
            services.measure_transition(
                actor=None, measure=measure, target=Measure.Status.ADOPTED, adopted_decision=adopting
            )
            services.measure_transition(actor=None, measure=measure, target=Measure.Status.IN_PROGRESS)
        for measure, title, due, done in (
            (guide, "Stelle ausgeschrieben", dt.date(2023, 4, 15), dt.date(2023, 4, 12)),
            (guide, "Lotsin beginnt", dt.date(2023, 6, 1), dt.date(2023, 6, 1)),
            (exams, "Vereinbarung mit den Pflegeschulen", dt.date(2023, 9, 30), dt.date(2023, 10, 10)),
            (exams, "Erster Sammeltermin", dt.date(2024, 3, 1), None),
        ):
            services.milestone_add(actor=None, measure=measure, title=title, due_on=due, done_on=done)
            self.report.count_created(Milestone)
        if iq is not None:
            offer = Service.objects.create(
                region=self.region,
                organisation=iq,
                name=OFFER_NAME,
                description="Begleitung von Pflegefachkräften aus dem Ausland durch das Anerkennungsverfahren: "
                "Antrag, Unterlagen, Kenntnisprüfung, Anpassungslehrgang.",
                status=Service.Status.ACTIVE,
                published=True,
                appointment_only=True,
            )
            offer.life_domains.set([self.entry(Catalogue.LIFE_DOMAIN, "arbeit")])
            audit.record_create(actor=None, instance=offer)
            self.report.count_created(Service)
            services.measure_link_offer(actor=None, measure=guide, offer=offer)
        services.measure_transition(
            actor=None, measure=guide, target=Measure.Status.IMPLEMENTED, implemented_on=dt.date(2023, 6, 1)
        )

    # --- younger themes -----------------------------------------------------------------------

    def younger_themes(self) -> None:
        recent = timezone.localdate().replace(day=1)

        def months_ago(n: int) -> tuple[int, int]:
            year, month = recent.year, recent.month - n
            while month < 1:
                year, month = year - 1, month + 12
            return year, month

        if not Theme.objects.filter(region=self.region, title="Digitale Terminvergabe der Ausländerbehörde").exists():
            texts = (
                "Termine bei der Ausländerbehörde gibt es nur online; ohne Smartphone und Deutschkenntnisse "
                "ist keine Buchung möglich.",
                "Online-Terminvergabe der Ausländerbehörde nur auf Deutsch; Verlängerung des Aufenthaltstitels "
                "verzögert.",
                "Digitale Terminbuchung bei der Ausländerbehörde scheitert an fehlender E-Mail-Adresse.",
                "Für die Verlängerung des Titels ist online wochenlang kein Termin frei.",
                "Terminvergabe der Ausländerbehörde digital, Beratungsstellen können nicht für Klient:innen buchen.",
                "Online-Termine der Ausländerbehörde: Fiktionsbescheinigung kommt zu spät.",
            )
            names = ("Siegen (Universitätsstadt)", "Kreuztal", "Netphen", "Hilchenbach", "Bad Laasphe", "Freudenberg")
            reports = [
                self.file(
                    text=text,
                    month=months_ago(6 - i),
                    municipality=names[i],
                    barrier="zugang_digital",
                    domain="aufenthalt",
                    legal=("aufenthg",),
                )
                for i, text in enumerate(texts)
            ]
            theme = self.theme(
                "Digitale Terminvergabe der Ausländerbehörde",
                "Die Online-Terminvergabe schließt Menschen ohne digitale Zugänge und Deutschkenntnisse aus.",
                reports,
            )
            steering = Body.objects.alive().filter(region=self.region, name=STEERING_NAME).first()
            upcoming = (
                Meeting.objects.alive()
                .filter(body=steering, status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED])
                .filter(start__gte=timezone.now())
                .order_by("start")
                .first()
            )
            if upcoming is not None:
                services.theme_send_to_steering_group(
                    actor=None,
                    theme=theme,
                    meeting=upcoming,
                    paper_reference=f"LG {upcoming.start.year}/T1",
                    paper_text="Sechs anonymisierte Meldungen aus sechs Kommunen im letzten halben Jahr. Vorschlag: "
                    "Übergabe an die Ausländerbehörde mit der Bitte um eine mehrsprachige, begleitete Buchung.",
                )
        if not Theme.objects.filter(
            region=self.region, title="Wartezeiten auf Integrationskurse in Wittgenstein"
        ).exists():
            course_texts = (
                "Integrationskurs in Wittgenstein erst in acht Monaten; kein Kurs mit Kinderbetreuung.",
                "In Bad Berleburg kein Alphabetisierungskurs; Fahrt nach Siegen mit dem Bus nicht machbar.",
                "Integrationskurse in Erndtebrück ausgebucht, Wartezeit mehr als ein halbes Jahr.",
                "Zweitschriftlernerkurs nur in Siegen; aus Bad Laasphe nicht erreichbar.",
            )
            course_places = ("Bad Berleburg", "Bad Berleburg", "Erndtebrück", "Bad Laasphe")
            reports = [
                self.file(
                    text=text,
                    month=months_ago(4 - i),
                    municipality=course_places[i],
                    barrier="wartezeit",
                    domain="sprache",
                )
                for i, text in enumerate(course_texts)
            ]
            self.theme(
                "Wartezeiten auf Integrationskurse in Wittgenstein",
                "Lange Wartezeiten und weite Wege zu Integrationskursen im Altkreis Wittgenstein.",
                reports,
            )
        if not Theme.objects.filter(region=self.region, title="Kita-Plätze für neu zugewanderte Familien").exists():
            reports = [
                self.file(
                    text="Kein Kita-Platz; ohne Betreuung kann die Mutter den Integrationskurs nicht besuchen.",
                    month=months_ago(2),
                    municipality="Kreuztal",
                    barrier="kein_angebot",
                    domain="familie",
                    legal=("sgb8",),
                ),
                self.file(
                    text="Kita-Anmeldung nur über ein Online-Portal auf Deutsch; Familie steht auf keiner Liste.",
                    month=months_ago(1),
                    municipality="Siegen (Universitätsstadt)",
                    barrier="zugang_digital",
                    domain="familie",
                    legal=("sgb8",),
                ),
            ]
            self.theme(
                "Kita-Plätze für neu zugewanderte Familien",
                "Fehlende Kita-Plätze verhindern, dass Eltern Sprach- und Integrationskurse besuchen.",
                reports,
            )
            # One new report still waits in the inbox for a theme (the suggestion points to the Kita theme).
            self.file(
                text="Kein Kita-Platz in Wohnortnähe, Anmeldung auf der Warteliste seit Monaten ohne Rückmeldung.",
                month=months_ago(1),
                municipality="Netphen",
                barrier="wartezeit",
                domain="familie",
            )


def seed(*, report: SeedReport) -> None:
    region = Region.objects.filter(ags=REGION_AGS).first()
    if region is None:
        return
    seeder = _Seeder(region, report)
    if not Case.objects.filter(region=region, case_manager__isnull=False).exists():
        return  # reports come from cases: without the case demo there is nothing to report
    with transaction.atomic():
        if not Theme.objects.filter(region=region, title=NURSING_TITLE).exists():
            seeder.nursing_chain()
        seeder.younger_themes()
