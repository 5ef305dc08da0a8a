# caseledger: one command sets up, one runs the ledger, one passes the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check lint typecheck contracts bench clean browser

# What the suite needs beyond Python packages: Debian's Chromium for the console's browser tests and the
# Noto CJK fonts that make its Chinese render (installed with apt-get when missing; root on a CI machine).
BROWSER_PACKAGES := chromium fonts-noto-cjk

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/caseledger serve --demo --demo-cases $${CASES:-2000} --port $${PORT:-8000}

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check browser
	$(BIN)/pytest -q $(PYTEST_ARGS)

browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "installing $(BROWSER_PACKAGES) for the console's browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BROWSER_PACKAGES); \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
