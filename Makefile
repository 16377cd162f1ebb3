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

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check bot handlers storage locales plans tests
	$(BIN)/mypy bot handlers storage locales
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info
