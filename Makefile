# Two commands on a fresh Debian 12/13 machine:  make run  |  make test
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000

.PHONY: run setup setup-core base test lint stop system-deps db collectstatic messages bench help

help:
	@echo "make run    - set everything up and serve the map on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up (without data), ruff, then the whole test suite"
	@echo "make setup  - everything but serving; then '$(MANAGE) <command>' just works"
	@echo "make stop   - stop the project-local PostgreSQL cluster"
	@echo "make bench  - run the benchmarks under bench/"

# The task queue's worker (background imports, retention) runs next to the server; Ctrl-C
# stops both (the EXIT trap ends the worker when runserver returns).
run: setup
	@echo "Serving on http://127.0.0.1:$(PORT) with the import worker  (Ctrl-C stops both; 'make stop' stops the database)"
	@DEBUG=true $(MANAGE) procrastinate worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null || true' EXIT; \
	DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

setup: base
	@$(MANAGE) prepare_database --load

# What `make test` builds on: everything but the data (tests make their own).
setup-core: base
	@$(MANAGE) prepare_database

base: system-deps .venv/.installed db messages

system-deps:
	@bash scripts/system-deps.sh

.venv/.installed: pyproject.toml
	@test -x $(PY) || python3.11 -m venv .venv || python3 -m venv .venv
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

db:
	@bash scripts/localdb.sh start

# Production only (make run and the tests serve static files from their sources):
# hashed, pre-compressed files for whitenoise.
collectstatic:
	@$(MANAGE) collectstatic --noinput -v 0

# Translation catalogues are committed as .po; each .mo is rebuilt only when its .po changed
# (msgfmt directly: what compilemessages runs, without starting Django).
PO_FILES := $(shell find resourcemap loaders -name '*.po' -path '*/LC_MESSAGES/*')
MO_FILES := $(PO_FILES:.po=.mo)
messages: $(MO_FILES)
%.mo: %.po
	@msgfmt --check-format -o $@ $<

lint:
	.venv/bin/ruff check .

test: setup-core lint
	.venv/bin/pytest

bench: setup
	$(PY) bench/run_all.py

stop:
	@bash scripts/replica.sh stop | grep -v "replica: none" || true
	@bash scripts/localdb.sh stop

# HSDS 3.0 conformance checked with the Open Referral specification's own files, which may not
# be committed here (tests/hsds/schema/README.md): strict schemas, the official datapackage.json
# (frictionless) and schemathesis against the official openapi.json.
# make hsds-conformance HSDS_SPEC_DIR=<checkout of openreferral/specification, branch 3.0>
.PHONY: hsds-conformance
hsds-conformance: setup-core
	@test -n "$(HSDS_SPEC_DIR)" || { echo "Set HSDS_SPEC_DIR to a checkout of openreferral/specification (branch 3.0)."; exit 2; }
	HSDS_SPEC_DIR="$(abspath $(HSDS_SPEC_DIR))" .venv/bin/pytest tests/hsds -q

# A streaming replica of the project-local cluster on its own port (docs/operations.md);
# `REPLICA_DATABASE_URL` from var/replica.env sends the public read path to it.
.PHONY: replica backup
replica: db
	@bash scripts/replica.sh start

# A consistent backup of the database and the uploaded files into var/backups/<time>/.
backup:
	@$(MANAGE) backup_site var/backups/$$(date -u +%Y%m%dT%H%M%SZ)
