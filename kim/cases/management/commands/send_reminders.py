"""Daily reminders for case managers: due and overdue steps and follow-ups, expiring residence
titles, changes of legal domain. For cron or a systemd timer, e.g. every morning at 06:30:

    manage.py send_reminders --base-url https://kim.kreis-beispiel.de

Idempotent per day: a person reminded today is not reminded again, however often it runs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from kim.cases.monitoring import reminders_send


class Command(BaseCommand):
    help = (
        "Send the daily reminders to case managers (in-app notification and, if the region allows it, "
        "an e-mail with counts and a link only). Safe to run more than once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=settings.KIM_BASE_URL,
            help="Address of the platform for the link in the e-mail, e.g. https://kim.kreis-beispiel.de "
            "(default: the environment variable KIM_BASE_URL).",
        )

    def handle(self, *args: Any, base_url: str = "", **options: Any) -> None:
        base_url = (base_url or "").strip()
        try:
            URLValidator(schemes=["https", "http"])(base_url)
        except ValidationError as error:
            raise CommandError(
                _("Please give the address of the platform with --base-url, e.g. https://kim.kreis-beispiel.de.")
            ) from error
        run = reminders_send(base_url=base_url)
        self.stdout.write(
            _(
                "People checked: %(checked)s; reminded: %(reminded)s; e-mails sent: %(emailed)s; "
                "already reminded today: %(already)s; legal domains brought up to date: %(legal)s."
            )
            % {
                "checked": run.people_checked,
                "reminded": run.reminded,
                "emailed": run.emailed,
                "already": run.already_reminded,
                "legal": run.legal_domains_updated,
            }
        )
        if run.mail_failures:
            raise CommandError(
                _("%(count)s reminder e-mails could not be sent; see the log. They will not be sent again today.")
                % {"count": run.mail_failures}
            )
