"""Create a region (Kreis or kreisfreie Stadt) with its default catalogues — an operator task."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kim.core.models import Region
from kim.core.services import region_create


class Command(BaseCommand):
    help = "Create a region with its default catalogues (life domains, legal domains, closure reasons …)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="e.g. 'Kreis Siegen-Wittgenstein'")
        parser.add_argument("--ags", required=True, help="official key: 5 digits (Kreis) or 8 digits")
        parser.add_argument("--slug", required=True, help="short name, e.g. siegen-wittgenstein")
        parser.add_argument("--kind", choices=[k.value for k in Region.Kind], default=Region.Kind.KREIS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = region_create(
                actor=None, name=options["name"], ags=options["ags"], slug=options["slug"], kind=options["kind"]
            )
        except ValidationError as error:
            details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
            raise CommandError(f"Region not created: {details}") from None
        self.stdout.write(f"Region {region.name} ({region.ags}) created: {region.pk}")
