# Two commands on a fresh machine: `make check` grades exercises/, `make test` runs every test.
# Set-up is a dependency of both: a virtual environment in .venv, torch pinned by constraints.txt.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q --disable-pip-version-check -c constraints.txt
export NO_MKDOCS_2_WARNING := 1

.PHONY: needs-fork setup setup-class setup-test check watch test test-learner site site-build derive notebooks course benchmark mutants clean

# The grader and the exercises: torch, numpy, safetensors, pytest, watchfiles, rich.
$(VENV)/.core: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

# Instructors' class grading: the insight report's packages (matplotlib, copydetect).
$(VENV)/.class: $(VENV)/.core
	$(PIP) -e ".[report]"
	touch $@

# Everything the tests need: the site's, the notebooks', the insight report's and Dask's packages too.
$(VENV)/.test: $(VENV)/.core
	$(PIP) -e ".[dev,site,notebooks,report,dask]"
	touch $@

# KaTeX for offline math, from npm into the git-ignored build/npm.
build/npm/node_modules/katex/package.json: site_tools/katex_assets.py
	$(PY) site_tools/katex_assets.py

# Debian's Chromium for the browser tests (a test tool's own browser download cannot work here).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium' (the browser tests need it)"; exit 1; fi

setup: $(VENV)/.core
setup-class: $(VENV)/.class
setup-test: $(VENV)/.test build/npm/node_modules/katex/package.json /usr/bin/chromium

# Grade the learner's workspace. The grader exits 1 when a check fails; that is the
# expected state while learning, so only a grader error (exit >= 2) fails `make check`.
check: needs-fork setup
	@$(PY) -m grader check --workspace exercises; status=$$?; [ $$status -le 1 ] || exit $$status

# Before any set-up: a system without os.fork (Windows) is told in one line to use WSL.
needs-fork:
	@$(PYTHON) -m grader.system

# The learner's loop: every save of an exercise file is graded at once (Ctrl-C to stop).
watch: needs-fork setup
	@$(PY) -m grader watch --workspace exercises

test: setup-test
	$(PY) -m pytest

# The learner's side of the suite, as CI runs it on Linux and macOS: the commands a learner
# types, with and without Linux's sandbox facilities (CNN_KIT_POSIX_ONLY=1), and the devices.
LEARNER_TESTS := tests/test_posix_fallback.py tests/sandbox/test_facilities.py tests/test_devices.py \
	tests/test_cli.py tests/test_watch.py tests/test_ci_workflow.py
test-learner: setup
	$(PY) -m pytest $(LEARNER_TESTS)

# The site with live reload on http://127.0.0.1:8000, and a strict build into build/site.
site: setup-test
	$(VENV)/bin/mkdocs serve -a 127.0.0.1:8000

site-build: setup-test
	$(VENV)/bin/mkdocs build --strict

# Instructors: rewrite exercises/ (and the notebooks and the nbgrader course) from solutions/.
# Files someone changed are kept and listed (exit 1); `python -m grader derive --force` saves
# them to backups/ first. Each command runs even when an earlier one kept files.
derive: setup
	@status=0; for command in derive notebooks course; do $(PY) -m grader $$command || status=$$?; done; exit $$status

benchmark: setup-test
	$(PY) benchmarks/learner_speed.py
	$(PY) benchmarks/class_speed.py
	$(PY) benchmarks/grading_phases.py  # one submission, step by step: where its wall and CPU time go
	$(PY) benchmarks/class_scale.py --huge  # 100, 1000 and 5000 students: about 20 minutes on 2 cores
	$(PY) benchmarks/triage_scale.py --sizes 300,1000  # the triage from scratch and after a change; 5000: minutes
	$(PY) benchmarks/nbgrader_vs_class.py
	$(PY) benchmarks/dask_scale.py

# The grader's strength: every mutant cosmic-ray makes of solutions/ is graded as one student of one class;
# each must lose points or be listed, with the reason, in benchmarks/equivalent_mutants.toml. Minutes; writes
# benchmarks/mutants_result.json, which tests/test_mutants.py checks is current.
mutants: setup-test
	$(PY) benchmarks/mutants.py

clean:
	rm -rf $(VENV) build
