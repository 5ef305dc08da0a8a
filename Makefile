# caseledger: one command sets up, one runs the ledger, one passes the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check lint typecheck contracts bench clean printing browser

# What the ledger needs beyond Python packages (installed with apt-get when missing): pango, which lays out
# the console's PDFs, and the Noto CJK fonts they embed. The suite needs Debian's Chromium besides, for the
# console's browser tests.
PRINTING_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
BROWSER_PACKAGES := chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) printing
	$(BIN)/caseledger serve --demo --demo-cases $${CASES:-2000} --port $${PORT:-8000}

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The suite runs on WORKERS processes (pytest-xdist); the demo server's tests stay on one of them.
WORKERS ?= 2

test: check printing browser
	$(BIN)/pytest -q -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

printing:
	@if ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" || ! ldconfig -p | grep -q libpangoft2; then \
		echo "installing $(PRINTING_PACKAGES) for the console's PDFs"; \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PRINTING_PACKAGES)) \
			|| echo "could not install $(PRINTING_PACKAGES): the console runs, its PDFs need them"; \
	fi

browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing $(BROWSER_PACKAGES) for the console's browser tests"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BROWSER_PACKAGES); \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
