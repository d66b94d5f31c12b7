# One entry point for every task. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
DEMO_ENV := DEBUG=true KIM_MFA_REQUIRED=false
# The checks run like production (DEBUG off), with a throw-away key.
CHECK_ENV := SECRET_KEY=test-only-key-not-for-production-0123456789 ALLOWED_HOSTS=testserver,localhost,127.0.0.1

.PHONY: help install demo serve test lint types templates checks pytest a11y bench messages lock clean

help:
	@echo "make demo    – install, migrate, load the Siegen-Wittgenstein demo, serve http://127.0.0.1:$(PORT)"
	@echo "make test    – lint, types, template lint, migration and translation checks, all tests"
	@echo "make a11y    – every page as every demo persona against axe-core (WCAG 2.1 AA) in headless Chromium"
	@echo "make bench   – speed of duplicate detection on a synthetic NRW-scale population (figures in docs/bench.md)"
	@echo "make messages – update locale/*/django.po after changing user-facing text"

$(VENV)/.installed: requirements/dev.txt package.json package-lock.json
	@command -v msgfmt >/dev/null || { echo "Installing gettext (needed for translations) …"; apt-get update -qq && apt-get install -y -qq gettext; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install
	$(DEMO_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEMO_ENV) $(MANAGE) createcachetable
	$(DEMO_ENV) $(MANAGE) seed_demo
	@echo "KIM demo: http://127.0.0.1:$(PORT)  (logins in README.md, password kim-demo)"
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

serve: install
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(CHECK_ENV) $(BIN)/mypy .

templates: install
	$(BIN)/djlint templates kim --lint

checks: install
	$(CHECK_ENV) $(MANAGE) check --fail-level WARNING
	$(CHECK_ENV) $(MANAGE) makemigrations --check --dry-run
	$(CHECK_ENV) $(MANAGE) check_translations

pytest: install
	$(CHECK_ENV) $(BIN)/pytest

test: lint types templates checks pytest

# Accessibility: scratch database with the demo data, a local server, axe-core in Debian's Chromium.
a11y: install
	@test -x /usr/bin/chromium || { echo "Installing Chromium (for the accessibility check) …"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(BIN)/python tests/a11y/run.py

# Benchmarks are not timed tests: synthetic population (fixed seed), in memory, prints machine and data size.
bench: install
	$(BIN)/python -m kim.bench

messages: install
	DEBUG=true $(MANAGE) makemessages -l de -l en --no-location --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var

lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.txt

clean:
	rm -rf $(VENV) node_modules var/static
