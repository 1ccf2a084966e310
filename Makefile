# Two commands for everyone: `make run` and `make test`. Everything lands in .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Every step of `make run` (migrate, the demo data, the server and its worker) links to the
# origin served: nothing is written with another port first (README: Absolute links).
ORIGIN := WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT)

.PHONY: run test lint install migrate demo messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[postgres,redis,test,dev]"
	touch $@

# The browser tests need Debian's chromium and npm's axe-core; the state diagrams Graphviz.
BROWSER_STAMP := $(VENV)/.browser-tools
$(BROWSER_STAMP): package.json package-lock.json | $(BIN)/python
	@command -v /usr/bin/chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "The browser test needs Chromium: run 'sudo apt-get install -y chromium'." >&2; exit 1; \
		fi; }
	@command -v dot >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; \
		else \
			echo "The state diagrams need Graphviz: run 'sudo apt-get install -y graphviz'." >&2; exit 1; \
		fi; }
	@command -v npm >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
		else \
			echo "The browser test needs npm: run 'sudo apt-get install -y npm'." >&2; exit 1; \
		fi; }
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(STAMP)

migrate: install
	$(ORIGIN) $(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: migrate
	$(ORIGIN) $(MANAGE) seed_demo

## make run: install, migrate, load the demo data, start web server and task worker.
run: demo
	@echo ""
	@echo "  Arnsberger Allianzen läuft auf http://$(HOST):$(PORT)/"
	@echo "  Verwaltung (Admin):   http://$(HOST):$(PORT)/admin/"
	@echo "  API-Dokumentation:    http://$(HOST):$(PORT)/api/v1/docs/"
	@echo "  Zustand:              http://$(HOST):$(PORT)/healthz"
	@echo "  Demo-Zugänge: kernteam / kernteam-demo-2026 · redaktion / redaktion-demo-2026 · admin / admin-demo-2026"
	@echo ""
	$(ORIGIN) $(MANAGE) serve $(HOST):$(PORT)

## make test: install what the tests need and run the whole suite (fails on zero tests).
test: install $(BROWSER_STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

## make lint: what CI checks besides the tests.
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

## make bench: the product with production settings at 1,000 and 10,000 alliances.
## DATABASE_URL=postgres://… (PostgreSQL), REDIS_URL (again with Redis), BENCH_SCALES,
## BENCH_PORT, BENCH_SECONDS adjust it (README: Performance).
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && \
		{ apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }; } || \
		{ echo "wrk is missing: apt-get install wrk (as root)"; exit 1; }; }
	$(BIN)/python bench/run.py

messages: install
	$(MANAGE) makemessages -l de --no-obsolete --ignore=".venv/*" --ignore="tests/*" --ignore="node_modules/*"
	$(MANAGE) compilemessages --ignore=".venv/*"

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm db.sqlite3.generation media static
