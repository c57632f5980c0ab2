# Two commands: `make run` serves the app on http://127.0.0.1:8050; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8050
WORKERS ?= 2

.PHONY: run test install install-dev system-deps system-test-deps services db bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# WeasyPrint (the PDF report pack) loads Debian's pango and harfbuzz at import.
system-deps:
	@ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 \
	  libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; }

db: install system-deps
	$(VENV)/bin/flask --app app seed-demo --if-empty

# With REDIS_URL set, long work (report packs) runs on a Celery worker with Redis as the broker: started here
# beside gunicorn and stopped with it. Without it, jobs run in processes of the gunicorn workers.
run: db
	@if [ -n "$$REDIS_URL" ]; then \
	  $(VENV)/bin/celery -A app:celery_app worker --concurrency=1 --loglevel=warning & worker=$$!; \
	  trap 'kill $$worker' EXIT; \
	  BIND=127.0.0.1:$(PORT) WORKERS=$(WORKERS) $(VENV)/bin/gunicorn -c gunicorn.conf.py; \
	else \
	  BIND=127.0.0.1:$(PORT) WORKERS=$(WORKERS) $(VENV)/bin/gunicorn -c gunicorn.conf.py; \
	fi

# Debian's chromium and chromium-driver for the browser tests (no test tool downloads a browser); PostgreSQL,
# Redis and nginx for the database and deployment tests.
system-test-deps: system-deps
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }
	@command -v pg_ctlcluster >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
	@command -v redis-server >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
	@test -x /usr/bin/pdfinfo || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }
	@test -x /usr/sbin/nginx || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }

services: system-test-deps
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''

# Tests run in two processes (pytest-xdist), a file's tests together in one; each process has its own databases,
# servers and downloads folder. More processes than cores only slowed the run down (it is CPU-bound).
PYTEST_ARGS ?= -n 2 --dist loadfile

test: install-dev services
	@set +e; $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "No tests ran: failing the build."; exit 1; fi; exit $$rc

bench: install-dev services
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance
