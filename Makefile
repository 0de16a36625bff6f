# Peerway: `make run` serves API + SPA on one port; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=api:create_app $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 8000
# gthread: a live-event stream holds one thread for its life (idle in a wait), not a process. Without
# REDIS_URL live events fan out in-process, so one process serves all (deploy/README.md, "Live events").
WORKERS ?= $(if $(REDIS_URL),2,1)
THREADS ?= 64
# The path without its query string: a calendar feed's secret token must never reach a log.
ACCESS_LOG_FORMAT := '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

.PHONY: audit bench bench-load bench-streams bench-profile bench-transfer scaleout run install install-python install-frontend build-frontend migrate seed serve test \
	test-backend test-frontend test-browser lint openapi openapi-check clean

run: install build-frontend migrate seed serve

install: install-python install-frontend

install-python: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install-frontend: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

build-frontend: install-frontend
	cd frontend && npm run build

migrate: install-python
	$(FLASK) db upgrade

seed: install-python
	$(FLASK) seed-demo

serve:
	@echo "Peerway on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --worker-class gthread --threads $(THREADS) \
		--no-control-socket --access-logfile - --access-logformat $(ACCESS_LOG_FORMAT) 'api:create_app()'

test: test-backend test-frontend test-browser

test-backend: install-python
	$(BIN)/pytest tests --ignore=tests/browser

test-frontend: install-frontend
	cd frontend && npm run test

test-browser: install-python build-frontend
	$(BIN)/pytest tests/browser

lint: install-python install-frontend
	$(BIN)/ruff check .
	cd frontend && npm run lint

openapi: install-python
	$(BIN)/python -m api.openapi_check --write openapi/openapi.json

openapi-check: install-python
	$(BIN)/python -m api.openapi_check openapi/openapi.json

bench: install-python
	$(BIN)/python bench/progress.py
	$(BIN)/python bench/explain_plans.py

# Known vulnerabilities in the pinned dependencies (policy in SECURITY.md).
audit: install
	.ci/audit

# Load benchmark at national scale (seeds PostgreSQL once, a few minutes): writes bench/RESULTS.md.
bench-load: install-python
	$(BIN)/python bench/load.py

# Where one request's CPU goes, in-process on the bench dataset (seed it with bench-load first).
bench-profile: install-python
	$(BIN)/python bench/profile_requests.py

# Bytes each main page transfers on a first visit (brotli, gzip, none), built SPA in headless Chromium.
bench-transfer: install-python build-frontend
	$(BIN)/python bench/transfer_sizes.py

# How many open live-event streams one machine holds while member requests stay fast (bench/RESULTS.md).
bench-streams: install-python
	$(BIN)/python bench/streams.py

# nginx + 3 gunicorn instances + RQ workers on loopback, and the proof that they behave as one.
scaleout: install-python
	$(BIN)/python deploy/prove.py

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist instance
