# The whole setup: `make serve` and `make test`. Every target creates .venv when it is missing,
# from the lock (requirements/dev.lock): a new upstream release never changes what a clone installs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' $(LOCK))
NODE_DIR := tests/node
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
# Material and ProperDocs print notices about MkDocs 2 on every build; they are not ours to show.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve serve-zensical site test test-latest test-lowest bounds-venv lock lint format bench screenshots vendor clean

# uv comes from PyPI at the version the lock names, then installs the lock itself (hashes checked)
# and the project on top, without resolving anything.
$(STAMP): pyproject.toml $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The browser tests' JavaScript (axe-core, mermaid), pinned by package-lock.json.
$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	npm ci --prefix $(NODE_DIR) --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# plotly.js, vendored into the package (the wheel carries it; nothing loads from a CDN): the
# cartesian bundle at the version tests/node/package.json pins, with its licence. To move to
# another version: npm install --prefix tests/node plotly.js-cartesian-dist-min@VERSION, then
# make vendor (tests/charts/test_vendored_plotly.py checks the copy and the version).
PLOTLY_NPM := $(NODE_DIR)/node_modules/plotly.js-cartesian-dist-min
VENDOR_DIR := mkdocs_touchpoints/assets/vendor
vendor:
	npm ci --prefix $(NODE_DIR) --no-audit --no-fund --silent
	touch $(NODE_STAMP)
	mkdir -p $(VENDOR_DIR)
	cp $(PLOTLY_NPM)/plotly-cartesian.min.js $(VENDOR_DIR)/plotly-cartesian.min.js
	cp $(PLOTLY_NPM)/LICENSE $(VENDOR_DIR)/plotly-cartesian.LICENSE

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

# The same handbook under Zensical: generate writes the pages into docs/ (git ignores them) and
# keeps them current while `zensical serve` reloads; Ctrl+C stops both.
serve-zensical: $(STAMP)
	$(BIN)/mkdocs-touchpoints generate -f mkdocs.zensical.yml
	$(BIN)/mkdocs-touchpoints generate -f mkdocs.zensical.yml --watch & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	$(BIN)/zensical serve -f mkdocs.zensical.yml --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# Re-resolve the lock on purpose (the package's own dependencies stay ranges).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal \
		--generate-hashes --quiet -o $(LOCK)

# The newest and the lowest versions the ranges in pyproject.toml allow, each in its own venv
# (results: docs/development.md). The lowest run leaves Zensical out (requirements/lowest.override):
# its pins (markdown>=3.7, pymdown-extensions>=11, pyyaml>=6.0.2) would hide the package's own
# lower bounds, which is what the run is for.
test-latest: $(NODE_STAMP)
	$(MAKE) --no-print-directory bounds-venv NAME=latest RESOLUTION=highest
	.venv-latest/bin/python -m pytest -p no:cacheprovider

test-lowest: $(NODE_STAMP)
	$(MAKE) --no-print-directory bounds-venv NAME=lowest RESOLUTION=lowest-direct \
		OVERRIDE="--override requirements/lowest.override"
	.venv-lowest/bin/python -m pytest -p no:cacheprovider

bounds-venv: $(STAMP)
	rm -rf .venv-$(NAME)
	$(BIN)/uv venv --quiet --python $(PYTHON) .venv-$(NAME)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --quiet \
		--resolution $(RESOLUTION) $(OVERRIDE) -o .venv-$(NAME)/requirements.txt
	$(BIN)/uv pip sync --quiet --python .venv-$(NAME)/bin/python .venv-$(NAME)/requirements.txt
	$(BIN)/uv pip install --quiet --python .venv-$(NAME)/bin/python --no-deps --no-build-isolation -e .
	grep -E '^(mkdocs|mkdocs-material|plotly|pyyaml|markdown|pydantic)==' .venv-$(NAME)/requirements.txt

# ruff, the layers ([tool.importlinter] in pyproject.toml) and the types ([tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check mkdocs_touchpoints tests benchmarks
	$(BIN)/ruff format --check mkdocs_touchpoints tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy mkdocs_touchpoints

format: $(STAMP)
	$(BIN)/ruff check --fix mkdocs_touchpoints tests benchmarks
	$(BIN)/ruff format mkdocs_touchpoints tests benchmarks

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/run.py

screenshots: $(STAMP)
	$(BIN)/python -m pytest tests/browser -k screenshots --screenshots

clean:
	rm -rf $(VENV) .venv-latest .venv-lowest $(NODE_DIR)/node_modules site build dist \
		.pytest_cache .ruff_cache .hypothesis
