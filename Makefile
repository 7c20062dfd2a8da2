# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
PG_URL ?= postgresql+psycopg://127.0.0.1:5432/test
export SHOP_ENV ?= development

.PHONY: run test test-sqlite test-postgres install install-dev system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the demo catalogue (first start), then serve on 127.0.0.1:$(PORT)
## with one job consumer beside the server (both stop together: shop/tools/devserver.py)
run: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app seed-demo
	$(BIN)/python -m shop.tools.devserver --host 127.0.0.1 --port $(PORT)

## system-deps: Chromium for the browser tests (Debian's package; never a downloaded browser)
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: sudo apt-get install chromium"; fi; }

## test: the whole suite on SQLite, then on PostgreSQL when it answers (always in CI)
test: install-dev system-deps
	SHOP_ENV=testing $(BIN)/python -m pytest -q
	@if [ "$$CI" = "true" ] || $(BIN)/python -m shop.tools.pg_ready "$(PG_URL)"; then \
	  echo "== PostgreSQL =="; \
	  SHOP_ENV=testing DATABASE_URL="$(PG_URL)" $(BIN)/python -m pytest -q; \
	else echo "PostgreSQL at $(PG_URL) does not answer: PostgreSQL run skipped (CI always runs it)"; fi

lint: install-dev
	$(BIN)/ruff check shop tests bench

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) instance .pytest_cache
