"""Load the demo installation: Kreis Siegen-Wittgenstein, a second demo region, the demo logins.

Safe to run again: rows are found by their natural key and only written when missing or
different, so a second run reports nothing new. Demo logins share a published password,
hence the command refuses to run with DEBUG off unless ``--force`` is given.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models
from django.utils.translation import gettext as _

from kim.demo.builders import DEMO_LOGINS, DEMO_PASSWORD, DemoDataError, SeedReport, seed_demo


def _listing(counter: Counter[type[models.Model]]) -> str:
    """``11 Municipalities, 21 Organisations …`` in the order the rows were written."""
    return ", ".join(f"{number} {model._meta.verbose_name_plural}" for model, number in counter.items())


class Command(BaseCommand):
    help = (
        "Load the demo data: Kreis Siegen-Wittgenstein (reference installation, invented people), "
        "the second region 'Musterkreis (Demo)' and the demo logins (password kim-demo). "
        "Idempotent; refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even though DEBUG is off. Never on a production system.",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set the password of every existing demo login back to kim-demo.",
        )

    def handle(self, *args: Any, force: bool = False, reset_passwords: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off. The demo data contains logins with a published password and is meant "
                    "for development and demonstration only. If you really want to load it into this "
                    "database, run the command again with --force."
                )
            )
        try:
            report = seed_demo(reset_passwords=reset_passwords)
        except ValidationError as error:
            reason = "; ".join(error.messages)
            raise CommandError(_("The demo data could not be loaded: %(reason)s") % {"reason": reason}) from error
        except DemoDataError as error:
            raise CommandError(error.message) from error
        self._summarise(report)

    def _summarise(self, report: SeedReport) -> None:
        regions = ", ".join(region.name for region in report.regions)
        self.stdout.write(_("Demo regions: %(regions)s") % {"regions": regions})
        if report.nothing_new:
            self.stdout.write(self.style.SUCCESS(_("Nothing new: the demo data was already complete.")))
        else:
            if report.created:
                self.stdout.write(self.style.SUCCESS(_("Created: %(items)s") % {"items": _listing(report.created)}))
            if report.updated:
                self.stdout.write(self.style.SUCCESS(_("Updated: %(items)s") % {"items": _listing(report.updated)}))
            if report.passwords_reset:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Demo passwords reset: %(count)s") % {"count": report.passwords_reset},
                    )
                )
        self.stdout.write(
            _("Demo logins (password “%(password)s”): %(logins)s")
            % {"password": DEMO_PASSWORD, "logins": ", ".join(DEMO_LOGINS)}
        )
