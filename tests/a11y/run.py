"""Accessibility check: every page every demo persona reaches, against axe-core (WCAG 2.1 A/AA).

    .venv/bin/python tests/a11y/run.py        (or: make a11y)

Builds a scratch SQLite database in a temporary folder (migrate, seed_demo), starts the
development server on a free port like production (DEBUG off, tests/a11y/settings.py),
and lets tests/a11y/axe-check.mjs sign in as each demo persona and check each page in
headless Chromium. The pages come from the table "Who reaches which page" in
docs/permissions.md: every page without URL parameters that answers 200 for a persona.
The login page and the 403, 404 and 500 pages are checked as well, and forms that
create something (and the login and password forms) once more after sending them empty.

allauth's account pages look alike for every signed-in persona, so they are checked
for the first persona only; KIM_A11Y_ALL_PERSONAS=1 checks every page for everyone.

Exit code: 0 no violations, 1 violations, 2 the check could not run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK_SCRIPT = ROOT / "tests" / "a11y" / "axe-check.mjs"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TEST_SECRET_KEY = "test-only-key-not-for-production-0123456789"  # noqa: S105 (scratch server on loopback)

# Rows of the table that are no pages to check: API, Django admin, language switch, health check, logout.
SKIPPED_PREFIXES = ("api", "django-admin", "admin:")
SKIPPED_ROWS = {"set_language", "core:healthz", "account_logout"}
# Forms also sent empty once, to check the error messages (besides every "…_create" page).
SUBMITTED_ROWS = {"account_login", "account_change_password"}
CONVERTER_PATTERNS = {"uuid": "[0-9a-f-]{36}", "int": "[0-9]+", "slug": "[-a-zA-Z0-9_]+", "path": ".+"}
MISSING_PATH = "/a11y-check/gibt-es-nicht/"
SERVER_START_SECONDS = 60


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def wait_for_health(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {server.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer /healthz within {SERVER_START_SECONDS} s")


def route_pattern(route: str) -> str | None:
    """A regular expression for the paths of a ``path()`` route; None for regex routes."""
    if route.startswith("^") or "(?P<" in route:
        return None
    parts = re.split(r"<(?:(\w+):)?\w+>", route)
    # re.split gives text, converter, text, converter, …, text.
    regex = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex += re.escape(part)
        else:
            regex += CONVERTER_PATTERNS.get(part or "str", "[^/]+")
    return f"^/{regex}$"


def build_pages() -> list[dict[str, object]]:
    """Every (persona, page) to check; needs Django set up with this run's environment."""
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    from tests.a11y.urls import SERVER_ERROR_PATH
    from tests.permission_matrix import OWN_NAMESPACES, page_endpoints, parse_table

    table = parse_table()
    personas = list(next(iter(table.values())))
    signed_in = next(persona for persona in personas if persona != "anonymous")
    every_persona = os.environ.get("KIM_A11Y_ALL_PERSONAS", "") not in ("", "0", "false")
    routes = {endpoint.key: endpoint.route for endpoint in page_endpoints() if endpoint.converters}
    pages: list[dict[str, object]] = []
    forbidden: list[tuple[str, str]] = []  # (persona, url) answering 403
    submitted: set[str] = set()  # forms sent empty once, by the first persona that reaches them
    for persona in personas:
        for key, cells in table.items():
            if key.startswith(SKIPPED_PREFIXES) or key in SKIPPED_ROWS:
                continue
            if ":" not in key and persona not in ("anonymous", signed_in) and not every_persona:
                continue  # allauth's pages look the same for every signed-in persona
            if key in routes:
                pattern = route_pattern(routes[key]) if key.split(":", 1)[0] in OWN_NAMESPACES else None
                if pattern and cells[persona] == "200":
                    pages.append({"persona": persona, "name": key, "pattern": pattern, "expect": 200})
                continue
            try:
                url = reverse(key)
            except NoReverseMatch:
                continue
            if cells[persona] == "200":
                page: dict[str, object] = {"persona": persona, "url": url, "expect": 200}
                if (key.endswith("_create") or key in SUBMITTED_ROWS) and key not in submitted:
                    page["submit"] = True
                    submitted.add(key)
                pages.append(page)
            elif cells[persona] == "403":
                forbidden.append((persona, url))
    # The error pages: anonymously (the login page is in the table) and for a signed-in person.
    pages.append({"persona": "anonymous", "url": MISSING_PATH, "expect": 404})
    pages.append({"persona": "anonymous", "url": "/" + SERVER_ERROR_PATH, "expect": 500})
    pages.append({"persona": signed_in, "url": MISSING_PATH, "expect": 404})
    if forbidden:
        persona, url = forbidden[0]
        pages.append({"persona": persona, "url": url, "expect": 403})
    return pages


def main() -> int:
    node = shutil.which("node")
    if node is None:
        say("a11y: node is not installed (make install needs Node.js with npm).")
        return 2
    if not Path(CHROMIUM).exists():
        say(f"a11y: no Chromium at {CHROMIUM}; run `make a11y`, which installs Debian's chromium.")
        return 2
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="kim-a11y-"))
    server: subprocess.Popen[bytes] | None = None
    log_path = scratch / "server.log"
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch / 'kim.sqlite3'}",
            "KIM_MEDIA_ROOT": str(scratch / "media"),
            "KIM_MFA_REQUIRED": "false",
            "SECRET_KEY": TEST_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        say("a11y: preparing a scratch database with the demo data …")
        demo_env = {**env, "DEBUG": "true"}
        manage("migrate", "--no-input", "-v", "0", env=demo_env)
        manage("createcachetable", env=demo_env)
        manage("seed_demo", env=demo_env)

        server_env = {
            **env,
            "DEBUG": "false",
            "SECURE_COOKIES": "false",  # plain http on loopback
            "DJANGO_SETTINGS_MODULE": "tests.a11y.settings",
        }
        os.environ.update(server_env)
        sys.path.insert(0, str(ROOT))
        pages = build_pages()
        pages_file = scratch / "pages.json"
        pages_file.write_text(json.dumps(pages, indent=2), encoding="utf-8")

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        with log_path.open("wb") as log:
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=ROOT,
                env=server_env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_health(base_url, server)
        say(f"a11y: checking {len(pages)} pages at {base_url} (server log: {log_path}) …")
        result = subprocess.run(  # noqa: S603
            [node, str(CHECK_SCRIPT), base_url, str(pages_file)],
            cwd=ROOT,
            env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
            check=False,
        )
        code = result.returncode
    except (subprocess.CalledProcessError, RuntimeError) as error:
        say(f"a11y: the check could not run: {error}")
        code = 2
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    if code == 2 and log_path.exists():
        say("a11y: last lines of the server log:")
        say("\n".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]))
    shutil.rmtree(scratch, ignore_errors=True)
    say(f"a11y: finished in {time.monotonic() - started:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
