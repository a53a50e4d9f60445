# Members' Guidance Portal: everyday commands.
#
#   make install   Python packages into .venv (uv) and Bootstrap into node_modules (npm)
#   make run       the portal on http://127.0.0.1:8000/ with its background worker
#                  (PORT=8101 another port; PROTOCOL=FILE start with your protocol
#                  instead of the sample; SAMPLE=no start with no protocol at all)
#   make password PASSWORD=NEW   reset the demo accounts' password
#   make test      ruff check and format, the migrations check, then the whole pytest suite
#   make test-fast the same without the browser tests (Playwright + axe)
#                  (both on one pytest process per core; WORKERS=0 runs in this one)
#   make lint      ruff check and ruff format --check
#   make clean     caches and build output (keeps .venv, node_modules and db.sqlite3)
#
# Pass arguments to pytest with PYTEST_ARGS, e.g. make test PYTEST_ARGS="-k browser -x".

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
RUFF := $(VENV)/bin/ruff
HOST ?= 127.0.0.1
PORT ?= 8000
PROTOCOL ?=
SAMPLE ?= yes
PYTEST_ARGS ?=
# pytest-xdist workers: "auto" is one per core; each has its own test database
# (pytest-django adds _gw0, _gw1 ... to its name) and live server port.
WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(WORKERS)

.PHONY: help install uv venv run password test test-fast checks lint clean distclean

help:
	@sed -n '3,15p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

install: venv node_modules/.package-lock.json

# uv comes from pip when it is not there yet; `python3 -m uv` because the uv
# shim on PATH does not always resolve under pyenv.
uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

# `uv sync --frozen` installs exactly uv.lock (dev group included) and takes a
# fraction of a second when nothing is missing, so it runs every time.
# --compile-bytecode writes the packages' .pyc files once, here: where Python is
# told not to write them (PYTHONDONTWRITEBYTECODE, common in containers) every
# process would otherwise compile Django again, about a second per manage.py.
venv: uv
	@$(UV) sync --frozen --quiet --compile-bytecode

# npm writes node_modules/.package-lock.json on every install, so it is newer
# than package-lock.json unless the lock changed since (or node_modules is gone).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# runserver and db_worker side by side; Ctrl-C reaches both, and the trap stops
# the worker whatever way the server ends.
# HOST and PORT are exported so that links in e-mails (SITE_URL) point at this
# server. The demo password comes last, after the quiet migrate.
run: export DEBUG := true
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: install
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py setup_demo --url http://$(HOST):$(PORT)/ \
		$(if $(PROTOCOL),--protocol "$(PROTOCOL)",$(if $(filter no,$(SAMPLE)),--no-sample,))
	@echo "Serving http://$(HOST):$(PORT)/ with the background task worker; Ctrl-C stops both."
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

password: export DEBUG := true
password: install
	@test -n "$(PASSWORD)" || { echo "Give the new password: make password PASSWORD=NEW" >&2; exit 2; }
	$(PY) manage.py create_demo_users --password "$(PASSWORD)"

# The tests keep their compiled files (__pycache__, ignored by git) even where
# PYTHONDONTWRITEBYTECODE is set: pytest then rewrites each test module's asserts
# once, not once per worker and run, and the manage.py processes the tests start
# find the portal's modules compiled. (Python writes them when it is empty.)
test test-fast: export PYTHONDONTWRITEBYTECODE :=

# The recipe's exit status is pytest's (make itself then reports failure).
checks: install
	$(RUFF) check .
	$(RUFF) format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test: checks
	@status=0; $(PYTEST) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -ne 0 ]; then echo "pytest exited with status $$status" >&2; fi; \
	exit $$status

# Everything but the browser tests: for the edit-test loop; `make test` before pushing.
test-fast: checks
	@status=0; $(PYTEST) -m "not browser" $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -ne 0 ]; then echo "pytest exited with status $$status" >&2; fi; \
	exit $$status

lint: venv
	$(RUFF) check .
	$(RUFF) format --check .

clean:
	rm -rf staticfiles test-artifacts .pytest_cache .ruff_cache
	find . -path ./.venv -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -exec rm -rf {} +

# Also the installed packages; the next `make install` fetches them again.
distclean: clean
	rm -rf $(VENV) node_modules
