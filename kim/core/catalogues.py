"""Default catalogue entries a new region starts with (domain brief §3, editable afterwards)."""

from __future__ import annotations

from kim.core.models import Catalogue

# (code, German label, English label)
DEFAULTS: dict[str, list[tuple[str, str, str]]] = {
    Catalogue.LIFE_DOMAIN: [
        ("aufenthalt", "Aufenthalt/Rechtsstatus", "Residence/legal status"),
        ("erstorientierung", "Erstorientierung", "Initial orientation"),
        ("sprache", "Sprache", "Language"),
        ("arbeit", "Arbeit/Beschäftigung", "Work/employment"),
        ("ausbildung", "Ausbildung/Studium", "Vocational training/studies"),
        ("schule", "Schule/Bildung", "School/education"),
        (
            "anerkennung",
            "Anerkennung ausländischer Abschlüsse",
            "Recognition of foreign qualifications",
        ),
        ("wohnen", "Wohnen", "Housing"),
        ("gesundheit", "Gesundheit", "Health"),
        ("familie", "Familie/Kinderbetreuung", "Family/childcare"),
        ("finanzen", "Finanzen/Leistungen/Schulden", "Finances/benefits/debts"),
        ("mobilitaet", "Mobilität", "Mobility"),
        ("teilhabe", "Soziale Teilhabe/Ehrenamt", "Social participation/volunteering"),
        ("einbuergerung", "Einbürgerung", "Naturalisation"),
    ],
    Catalogue.LEGAL_DOMAIN: [
        ("sgb2", "SGB II (Jobcenter)", "SGB II (job centre)"),
        ("sgb3", "SGB III (Agentur für Arbeit)", "SGB III (employment agency)"),
        ("sgb8", "SGB VIII (Kinder- und Jugendhilfe)", "SGB VIII (youth welfare)"),
        ("sgb12", "SGB XII (Sozialhilfe)", "SGB XII (social assistance)"),
        ("asylblg", "AsylbLG", "Asylum Seekers' Benefits Act"),
        ("aufenthg", "AufenthG (Aufenthaltsrecht)", "Residence Act"),
        ("stag", "StAG (Staatsangehörigkeitsrecht)", "Nationality Act"),
        ("schulrecht", "Schulrecht", "School law"),
        ("sonstige", "Sonstige", "Other"),
    ],
    Catalogue.CLOSURE_REASON: [
        ("ziele_erreicht", "Ziele erreicht", "Goals reached"),
        ("uebergeben", "An andere Stelle übergeben", "Handed over"),
        ("verzogen", "Verzogen", "Moved away"),
        ("kontakt_abgebrochen", "Kontakt abgebrochen", "Contact lost"),
        ("einwilligung_widerrufen", "Einwilligung widerrufen", "Consent withdrawn"),
        ("sonstiges", "Sonstiges", "Other"),
    ],
    Catalogue.REFERRAL_SOURCE: [
        ("selbst", "Eigeninitiative", "Self-referral"),
        ("jobcenter", "Jobcenter", "Job centre"),
        ("abh", "Ausländerbehörde", "Residence authority"),
        ("beratungsstelle", "Beratungsstelle/Träger", "Counselling service/provider"),
        ("schule_kita", "Schule/Kita", "School/day care"),
        ("ehrenamt", "Ehrenamt/Umfeld", "Volunteers/community"),
        ("sonstige", "Sonstige", "Other"),
    ],
    Catalogue.CONTACT_CHANNEL: [
        ("persoenlich", "Persönlich", "In person"),
        ("telefon", "Telefon", "Phone"),
        ("video", "Video", "Video"),
        ("email", "E-Mail", "E-mail"),
        ("hausbesuch", "Hausbesuch", "Home visit"),
        ("begleitung", "Begleitung", "Accompaniment"),
    ],
    Catalogue.BARRIER_TYPE: [
        ("kein_angebot", "Kein Angebot", "No offer"),
        ("wartezeit", "Wartezeit", "Waiting time"),
        ("zugang_sprache", "Zugangshürde: Sprache", "Access barrier: language"),
        ("zugang_dokumente", "Zugangshürde: Dokumente", "Access barrier: documents"),
        ("zugang_digital", "Zugangshürde: digital", "Access barrier: digital"),
        (
            "schnittstelle",
            "Unklare Zuständigkeit/Schnittstelle",
            "Unclear responsibility/interface",
        ),
        ("rechtlich", "Rechtliche Hürde", "Legal barrier"),
        ("sonstige", "Sonstige", "Other"),
    ],
    Catalogue.TARGET_GROUP: [
        ("neuzugewanderte", "Neuzugewanderte (≤ 36 Monate)", "Newly arrived (≤ 36 months)"),
        ("gefluechtete", "Geflüchtete", "Refugees"),
        ("familien", "Familien mit Kindern", "Families with children"),
        ("junge_menschen", "Junge Menschen (bis 27)", "Young people (up to 27)"),
        ("frauen", "Frauen", "Women"),
        ("eu_zugewanderte", "EU-Zugewanderte", "EU migrants"),
        ("geduldete", "Geduldete", "Tolerated persons"),
    ],
}
