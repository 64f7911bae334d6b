# Two commands on a fresh machine: `make check` grades exercises/, `make test` runs every test.
# Set-up is a dependency of both: a virtual environment in .venv, torch pinned by constraints.txt.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q --disable-pip-version-check -c constraints.txt

.PHONY: setup setup-test check test derive clean

$(VENV)/.core: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.test: $(VENV)/.core
	$(PIP) -e ".[dev]"
	touch $@

setup: $(VENV)/.core
setup-test: $(VENV)/.test

# Grade the learner's workspace. The grader exits 1 when a check fails; that is the
# expected state while learning, so only a grader error (exit >= 2) fails `make check`.
check: setup
	@$(PY) -m grader check --workspace exercises; status=$$?; [ $$status -le 1 ] || exit $$status

test: setup-test
	$(PY) -m pytest

# Instructors: rewrite exercises/ from solutions/ after editing a solution.
derive: setup
	$(PY) -m grader derive

clean:
	rm -rf $(VENV) build
