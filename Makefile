# The two commands for a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint bench clean screenshots messages

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

## make run: set up, load the demo union into a fresh SQLite file and serve the web UI
run: $(STAMP)
	$(BIN)/councils --db sqlite:///demo.db demo --fresh --quiet
	$(BIN)/councils --db sqlite:///demo.db serve --host 127.0.0.1 --port 8000

## make test: install and start PostgreSQL and Chromium, then run every test
test: $(STAMP)
	@set -e; url=$$(scripts/services.sh start); \
	trap 'scripts/services.sh stop' EXIT; \
	COUNCILS_REQUIRE_POSTGRES=1 COUNCILS_REQUIRE_BELENIOS=1 COUNCILS_TEST_POSTGRES_URL=$$url $(BIN)/pytest -q -p no:cacheprovider; \
	$(BIN)/ruff check src tests; \
	$(BIN)/mypy; \
	$(BIN)/lint-imports

## make test-fast: the rules, handlers and pipeline on the memory ledger (no database, no browser; seconds)
test-fast: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider tests/unit/domain tests/unit/application tests/unit/constitution \
		tests/contract -k "not sqlite and not postgresql"

## make lint: ruff, mypy over the files pyproject.toml names (src/councils and tests), the layers
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

## make screenshots: photograph every page at 1280 and 375 px (Chromium) and write docs/screenshots.md
screenshots: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider -m browser tests/browser/test_every_page.py
	$(BIN)/python -m tests.browser.gallery

## make messages: extract the web's interface strings and update the en/ru/uk catalogues (Babel)
messages: $(STAMP)
	$(BIN)/pybabel extract -F src/councils/interfaces/web/babel.cfg -o build/messages.pot --no-location \
		--omit-header --no-wrap -k _ -k N_ -k i18n.N_ -k gettext -k i18n.gettext -k ngettext:1,2 src/councils/interfaces/web
	$(BIN)/pybabel update -i build/messages.pot -d src/councils/interfaces/web/locale --no-fuzzy-matching --no-wrap

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) build demo.db
