# Two commands set up everything and run it: `make demo` and `make test`.
# They create .venv, install cmo with its test extras, and install Graphviz's `dot`
# with apt-get where they can (as root on Debian); elsewhere they say how.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/social_prescribing/theory.yaml
INITIAL := examples/social_prescribing/initial.yaml
JOBS   ?= 2

.PHONY: demo test lint bench images setup graphviz browser mermaid-parser clean

setup: $(STAMP) graphviz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "cmo needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && \
	    $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: run 'sudo apt-get install python3-venv'"; exit 1; fi; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,agreement]"
	@touch $(STAMP)

graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Graphviz (dot) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "Graphviz's 'dot' is missing, and diagrams need it. Install it with:"; \
	    echo "  sudo apt-get install graphviz   (Debian/Ubuntu)"; \
	    echo "  brew install graphviz           (macOS)"; \
	  fi; }

# The report's test opens it in a real headless browser: Debian's Chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium (for the report's browser test) with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing, so the report's browser test will be skipped. Install it with:"; \
	    echo "  sudo apt-get install chromium   (Debian/Ubuntu)"; \
	  fi; }

# The Mermaid tests check our diagrams with Mermaid's own parser (npm; nothing committed).
MERMAID_PARSER ?= /tmp/cmo-mermaid-parser
mermaid-parser:
	@test -d $(MERMAID_PARSER)/node_modules/mermaid || { \
	  if command -v npm >/dev/null 2>&1; then \
	    npm install --prefix $(MERMAID_PARSER) --no-audit --no-fund --silent mermaid@11 jsdom@29 \
	      || echo "Could not install Mermaid's parser: its tests will be skipped"; \
	  else echo "npm is missing: the Mermaid parser tests will be skipped (apt-get install npm)"; fi; }

demo: setup
	@mkdir -p out
	$(BIN)/cmo validate $(EXAMPLE)
	$(BIN)/cmo stats $(EXAMPLE)
	$(BIN)/cmo stats $(EXAMPLE) --appraisal rigour
	$(BIN)/cmo render $(EXAMPLE) -o out/social_prescribing.svg
	$(BIN)/cmo export $(EXAMPLE) -o out/social_prescribing.ttl
	$(BIN)/cmo validate out/social_prescribing.ttl
	$(BIN)/cmo store push $(INITIAL) $(EXAMPLE) --store out/store --replace
	$(BIN)/cmo store list --store out/store
	$(BIN)/cmo diff $(INITIAL) $(EXAMPLE) -o out/refinement.md
	$(BIN)/cmo diff $(INITIAL) $(EXAMPLE) -o out/refinement.svg
	$(BIN)/cmo report $(INITIAL) $(EXAMPLE) --matrix-by source -o out/report.html
	$(BIN)/cmo explore $(INITIAL) $(EXAMPLE) -o out/explore.html
	$(BIN)/python examples/social_prescribing/build_theory.py out/social_prescribing_from_script.yaml

lint: setup
	$(BIN)/ruff check cmo tests examples benchmarks

test: setup browser mermaid-parser lint
	$(BIN)/python -m pytest -n $(JOBS) -q

# Every benchmark at 1,000, 10,000 and 100,000 configurations against its floor, and the
# start-up and layout rows; writes benchmarks/results.json and prints the table and targets
# (docs/performance.md). On 2 cores 100,000 is measured by two processes, one per core, with
# 1,000 and 10,000 beside them (--jobs 1: one process at a time); the plan and its estimate
# without measuring: make bench BENCH_OPTIONS=--plan. Options:
# make bench BENCH_OPTIONS="--sizes 1000,10000 --only load-yaml,report --repeats 3"
BENCH_OPTIONS ?=
bench: setup
	$(BIN)/python benchmarks/run.py $(BENCH_OPTIONS)

images: setup
	$(BIN)/cmo render $(EXAMPLE) --earlier $(INITIAL) -o docs/images/social_prescribing.svg

clean:
	rm -rf $(VENV) out .hypothesis
