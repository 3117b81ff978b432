# The workbook's commands. `make lab` to study, `make test` to check everything.
# Everything installs into .venv; nothing is installed globally.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
PYTEST_ARGS ?=

# Small torch workloads run about twice as fast with one OpenMP thread on 2 cores.
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1

.PHONY: setup lab test lint format unit notebooks bench strip clean help new-lesson slides bench-peers \
	artefacts artefacts-check site student

help:
	@echo "make lab    set up .venv and open the lessons in JupyterLab"
	@echo "make test   set up .venv and run the whole suite (lint, unit, widgets, notebooks)"
	@echo "make bench  time every notebook (normal and fast mode) and every widget callback"
	@echo "make strip  remove outputs and execution counts from the notebooks"
	@echo "make new-lesson NN=11 SLUG=training  stamp out a lesson from the template"
	@echo "make site   execute every lesson and write an offline static site to site/"
	@echo "make slides  one offline slide deck per lesson in build/slides/ (executes the lessons)"
	@echo "make bench-peers  compare lessons 05-08's helpers with peer libraries"
	@echo "make student  write students' copies of the lessons (no solutions) to student/"
	@echo "make artefacts        rebuild the artefacts shipped in data/artefacts (fixed seeds)"
	@echo "make artefacts-check  rebuild them in a scratch folder and compare with data/"

setup: $(STAMP)

# Re-installs only when the project's metadata changed; otherwise `make setup` is instant.
# tools/lab/overrides.json: JupyterLab's defaults for the workbook (no news or update
# prompts: the lab opens straight on the lessons and never calls out to the internet).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

$(STAMP): pyproject.toml tools/lab/overrides.json
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), \
	  f"the workbook needs Python 3.11, found {sys.version.split()[0]} at {sys.executable}"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the workbook into $(VENV) (about a minute the first time) ..."
	$(BIN)/python -m pip install --quiet --progress-bar off -e ".[dev]" 2>&1 \
	  | { grep -v -e "is ignored: it is neither a file nor a directory" || true; }
	@mkdir -p $(LAB_SETTINGS) && cp tools/lab/overrides.json $(LAB_SETTINGS)/overrides.json
	@touch $(STAMP)

lab: setup
	@echo "Opening the workbook at http://127.0.0.1:$(PORT)/lab (Ctrl+C to stop)"
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --notebook-dir=notebooks \
	  --ServerApp.open_browser=False $(if $(filter 0,$(shell id -u)),--allow-root)

lint: setup
	$(BIN)/ruff check conftest.py helpers tests benchmarks tools notebooks
	$(BIN)/ruff format --check conftest.py helpers tests benchmarks tools notebooks

format: setup
	$(BIN)/ruff check --fix conftest.py helpers tests benchmarks tools notebooks
	$(BIN)/ruff format conftest.py helpers tests benchmarks tools notebooks

unit: setup
	WORKBOOK_FAST=1 $(BIN)/python -m pytest tests helpers --doctest-modules $(PYTEST_ARGS)

notebooks: setup
	WORKBOOK_FAST=1 $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=300 -p no:cacheprovider notebooks $(PYTEST_ARGS)

# The docstring examples of helpers/ run as tests too (--doctest-modules).
test: lint
	WORKBOOK_FAST=1 $(BIN)/python -m pytest tests helpers notebooks --doctest-modules \
	  --nbval-lax --nbval-current-env --nbval-cell-timeout=300 $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m benchmarks

# The labeling helpers of lessons 05-08 next to modAL, scikit-activeml, snorkel and
# crowd-kit (the optional `peers` group; torch stays the pinned CPU wheel).
bench-peers: setup
	$(BIN)/python -m pip install --quiet --progress-bar off -e ".[dev,peers]" 2>&1 \
	  | { grep -v -e "is ignored: it is neither a file nor a directory" || true; }
	$(BIN)/python -m benchmarks.bench_peers $(BENCH_ARGS)

site: setup
	$(BIN)/python tools/build_site.py --out site

slides: setup
	$(BIN)/python tools/build_slides.py --out build/slides

student: setup
	$(BIN)/python tools/student_copies.py --out student

strip: setup
	$(BIN)/python tools/strip_notebooks.py notebooks

artefacts: setup
	$(BIN)/python tools/artefacts.py $(NAMES)

artefacts-check: setup
	$(BIN)/python tools/artefacts.py --check $(NAMES)

new-lesson: setup
	@test -n "$(NN)" -a -n "$(SLUG)" || { echo "usage: make new-lesson NN=11 SLUG=training"; exit 2; }
	$(BIN)/python tools/new_lesson.py $(NN) $(SLUG)

clean:
	rm -rf data/cache .pytest_cache .ruff_cache
