# Maillage — the two commands: `make run` and `make test`.
# Needs only Python 3.11+, git and make; everything else is installed here, in .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LOCAL_ENV := var/local.env
WITH_ENV := set -a && . ./$(LOCAL_ENV) && set +a &&

.PHONY: run test lint format check-python lock demo-code messages clean browser-deps

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Maillage needs Python 3.11 or newer.")'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.main-installed: requirements/main.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/main.lock
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.main-installed
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

# Local secrets for `make run`, generated once and kept out of git.
$(LOCAL_ENV): | $(VENV)/.main-installed
	@mkdir -p var
	@$(BIN)/python -m maillage.lib.local_env > $@.tmp && mv $@.tmp $@
	@echo "Generated $@ (local development secrets)."

run: $(VENV)/.main-installed $(LOCAL_ENV)
	$(WITH_ENV) $(BIN)/python manage.py migrate --noinput
	$(WITH_ENV) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "Maillage: http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(WITH_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo-code: $(VENV)/.main-installed $(LOCAL_ENV)
	@$(WITH_ENV) $(BIN)/python manage.py demo_code

# axe-core (accessibility checks in browser tests) comes from npm when npm is here.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: accessibility checks will be skipped (see CONTRIBUTING.md)."; fi

browser-deps: node_modules/axe-core/axe.min.js

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --recursive maillage bench --exclude '*/tests/*,maillage/testing/*' \
		--severity-level medium

# pytest-xdist: one worker per core (two here). PYTEST_WORKERS=0 runs in one process (pdb).
PYTEST_WORKERS ?= auto

test: $(VENV)/.dev-installed browser-deps lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the French catalog after changing user-facing strings (needs GNU gettext).
messages: $(VENV)/.dev-installed $(LOCAL_ENV)
	$(WITH_ENV) $(BIN)/python manage.py makemessages -l fr --no-obsolete --add-location=file \
		-i .venv -i node_modules -i var -i bench
	$(WITH_ENV) $(BIN)/python manage.py compilemessages -l fr -i .venv -i node_modules

lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe -o requirements/main.lock pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --extra dev -o requirements/dev.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules var/test .pytest_cache
