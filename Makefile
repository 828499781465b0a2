# Two commands do all set-up on a fresh machine with Python >= 3.11:
#   make lab    open JupyterLab on notebooks/00_start_here.ipynb
#   make test   run every test (unit, notebooks with nbval, browser)
# For teaching: make app (the lecture app, Voilà), make site (static HTML), make guides (teacher guides).
# Both create or reuse the virtual environment in .venv.

PYTHON ?= python3
VENV   := .venv
# axe-core (accessibility rules for the browser test), from the npm registry, pinned.
AXE_CORE := axe-core@4.14.0
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

#: JupyterLab settings for learners (no news prompt), as postBuild installs them on Binder.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

.PHONY: lab test bench notebooks site app guides clean

$(STAMP): requirements.txt requirements-test.txt pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "Python 3.11 or newer is needed; found %d.%d. Run: make PYTHON=python3.12 ..." % v[:2])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV) $(AXE_CORE); \
	else echo "npm not found: the browser test's accessibility check is skipped (it fails when CI is set)"; fi
	@touch $(STAMP)

$(LAB_SETTINGS): tools/lab_overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp tools/lab_overrides.json $@

lab: $(STAMP) $(LAB_SETTINGS)
	$(PY) -m jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

# The browser tests (JupyterLab, the lecture app, the static site) run one at a time, after the rest; everything
# else runs on two workers (pytest-xdist; --dist loadscope keeps each notebook's cells on one kernel, in order).
BROWSER_TESTS := tests/test_browser.py tests/test_app.py tests/test_site_browser.py

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadscope --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg \
	  tests notebooks $(addprefix --ignore=,$(BROWSER_TESTS))
	$(PY) -m pytest $(BROWSER_TESTS)

bench: $(STAMP)
	$(PY) bench/run.py

# Re-execute every notebook top to bottom on a fresh kernel and store the outputs.
notebooks: $(STAMP)
	$(PY) tools/execute_notebooks.py

# A static HTML copy of the course (nbconvert): build/site/index.html. No kernel needed; printable.
site: $(STAMP)
	$(PY) tools/export_site.py build/site

# The lecture app: the notebooks served by Voilà (code hidden, explorers live), with a landing page.
app: $(STAMP)
	$(PY) tools/app.py

# Rewrite the generated parts of the teacher guides (timing, answer keys, prediction sheets) after a notebook or
# model changes.
guides: $(STAMP)
	$(PY) tools/build_teacher_guides.py

clean:
	rm -rf $(VENV) tests/artifacts .pytest_cache
