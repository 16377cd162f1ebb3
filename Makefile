# Two commands matter: `make run` and `make test`. Everything they need is
# installed here, into .venv, so a fresh clone works with only Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench lint clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/dvbot run

demo: $(STAMP)
	$(BIN)/dvbot demo

# The suite runs on TEST_WORKERS processes (pytest-xdist; the machines have
# 2 cores): every test owns its database, ports and files, so they run apart.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check bot handlers storage locales plans tests
	$(BIN)/mypy bot handlers storage locales
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info
