# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000

.PHONY: run test check lint translations messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamps make re-runs fast: the install happens again only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

translations: $(VENV)/.installed
	$(BIN)/pybabel --quiet compile -d portal/translations

# After adding interface text: refresh the English catalog, then translate what is empty.
messages: $(VENV)/.installed
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k N_ -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output \
		-o $(VENV)/messages.pot .
	$(BIN)/pybabel --quiet update -i $(VENV)/messages.pot -d portal/translations \
		--ignore-obsolete --width 100

# axe-core for the accessibility checks of the browser tests, from the npm registry.
node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility tests will skip"; fi

run: $(VENV)/.installed translations
	$(BIN)/portal db upgrade
	$(BIN)/portal demo --if-empty
	$(BIN)/portal content sync
	HOST=127.0.0.1 PORT=$(PORT) $(BIN)/portal serve

test: $(VENV)/.installed-dev translations node_modules/axe-core/axe.min.js
	$(BIN)/pytest

# The guard rails CI runs before the tests: lint, format, types and the layers (README).
check: $(VENV)/.installed-dev
	$(BIN)/ruff check portal tests bench migrations
	$(BIN)/ruff format --check portal tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: check

clean:
	rm -rf $(VENV) node_modules .pytest_cache
