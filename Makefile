# The README's commands live here. `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test install install-test demo lint format bench messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Dampingan needs Python 3.11 or newer; set PYTHON=python3.11 or newer.")'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian/Ubuntu run 'sudo apt-get install python3-venv' first." >&2; exit 1; }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	$(BIN)/dampingan compile_translations
	@bash scripts/ensure-pdf-libs.sh
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test
	@bash scripts/ensure-chromium.sh
	@bash scripts/ensure-office.sh

# What `make run` and `make dev` share: the demo's database and its reminders queued for the worker; e-mail goes
# to the console unless EMAIL_BACKEND says otherwise.
demo run dev: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
demo run dev: export DAMPINGAN_BASE_URL ?= http://$(HOST):$(PORT)

demo: install
	$(BIN)/dampingan compile_translations
	$(BIN)/dampingan migrate --noinput
	$(BIN)/dampingan load_demo
	@# Today's action item reminders, queued for the worker.
	$(BIN)/dampingan send_reminders
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the accounts above."

## make run: install, migrate the embedded SQLite database, load the Kota Pekalongan demo, serve on :8000
## as a deployment does: DEBUG off (Indonesian error pages, never Django's technical page), gunicorn with the
## documented configuration, static files through WhiteNoise, the task worker beside it.
run: demo
	BIN=$(BIN) bash scripts/serve.sh gunicorn $(HOST):$(PORT)

## make dev: the same demo with Django's debug server (DEBUG on, technical error pages, reload on change)
dev: demo
	BIN=$(BIN) bash scripts/serve.sh runserver $(HOST):$(PORT)

## make test: install what the tests need and run the whole suite (SQLite, or DATABASE_URL if set)
test: install-test
	$(BIN)/dampingan compile_translations
	$(BIN)/ruff check src tests conftest.py
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/dampingan makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make lint: what `make test` checks before the tests (ruff, app layers, types), and the formatting (pre-commit runs it)
lint:
	$(BIN)/ruff check src tests conftest.py
	$(BIN)/ruff format --check src tests conftest.py
	$(BIN)/lint-imports
	$(BIN)/mypy

format:
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

## make messages: refresh the .po catalogues after changing translatable strings
messages:
	cd src/dampingan && DAMPINGAN_DATA_DIR=$(CURDIR)/var ../../$(BIN)/dampingan makemessages -l id -l en --no-obsolete --add-location file

bench: install-test
	$(BIN)/python bench/regions_load.py

clean:
	rm -rf $(VENV) var .pytest_cache
