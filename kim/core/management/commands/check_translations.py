"""Fail when a user-facing text has no German translation (run by `make test`).

Extracts the current message ids from the code and templates into a scratch copy
and compares them with locale/de/LC_MESSAGES/django.po: every id must be there,
translated and not fuzzy. Fix with `make messages` and translate what it adds.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

LANGUAGE = "de"


class Command(BaseCommand):
    help = "Check that every message id has a German translation."

    def handle(self, *args: Any, **options: Any) -> None:
        project_po = Path(settings.BASE_DIR) / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        if not project_po.exists():
            raise CommandError(f"{project_po} is missing; run `make messages`.")
        with tempfile.TemporaryDirectory() as scratch:
            scratch_locale = Path(scratch) / "locale"
            shutil.copytree(Path(settings.BASE_DIR) / "locale", scratch_locale)
            with override_settings(LOCALE_PATHS=[scratch_locale]):
                call_command(
                    "makemessages",
                    locale=[LANGUAGE],
                    ignore_patterns=[".venv/*", "node_modules/*", "var/*"],
                    no_location=True,
                    no_obsolete=True,
                    verbosity=0,
                )
            extracted = polib.pofile(str(scratch_locale / LANGUAGE / "LC_MESSAGES" / "django.po"))
        translated = polib.pofile(str(project_po))
        known = {(entry.msgctxt, entry.msgid): entry for entry in translated if not entry.obsolete}
        problems: list[str] = []
        for entry in extracted:
            found = known.get((entry.msgctxt, entry.msgid))
            if found is None:
                problems.append(f"not in django.po: {entry.msgid!r}")
            elif found.fuzzy:
                problems.append(f"fuzzy: {entry.msgid!r}")
            elif not (found.msgstr or all(found.msgstr_plural.values()) if found.msgid_plural else found.msgstr):
                problems.append(f"untranslated: {entry.msgid!r}")
        if problems:
            listing = "\n  ".join(problems[:50])
            raise CommandError(
                f"{len(problems)} German translation(s) missing — run `make messages` and translate:\n  {listing}"
            )
        self.stdout.write(f"German translations complete ({len(extracted)} messages).")
