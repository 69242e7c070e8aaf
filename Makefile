# The two commands a newcomer needs: `make lab` and `make test`.
# Both create .venv on first use and install into it; a stamp file makes the
# second run skip installing, so it starts in seconds.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# JupyterLab listens on this machine only. Set with `:=`, so an exported HOST or any other
# variable of the environment cannot move it; change it only on the command line
# (`make lab LAB_ADDRESS=...`), knowing that anyone who can reach that address can run code.
LAB_ADDRESS := 127.0.0.1
# Jupyter refuses to run as root unless told; containers often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab present test test-lowest bench images execute slide-metadata slides site handout venv

lab: $(INSTALLED)
	$(BIN)/jupyter lab --ip=$(LAB_ADDRESS) --ServerApp.root_dir=notebooks $(ALLOW_ROOT)

# Live teaching: Voilà serves the notebooks with the code and the speaker notes hidden,
# the sliders live and the plots at the classroom size (scripts/present.py).
present: $(INSTALLED)
	$(BIN)/python scripts/present.py notebooks

test: $(INSTALLED)
	$(BIN)/python -m pytest

# The unit tests and the notebooks on the lowest version of every requirement that
# requirements.txt and pyproject.toml allow, in a venv of their own: each lower bound is a promise.
LOWEST := .venv-lowest
# Not pyright's check of lossviz/ itself: it judges the code against the libraries' type information, and
# the oldest traitlets allowed has too little of it (a user's snippet is still checked there). Nor the tests of
# what only a maintainer runs, in .venv (building the decks and the site), nor the cells run in other orders:
# none of it depends on a lower bound, and it took two fifths of this run's time (250 of 610 s).
LOWEST_TESTS := tests lossviz notebooks lecture --ignore=tests/e2e --ignore=tests/test_packaging.py --ignore=tests/test_setup.py \
	--ignore=tests/test_slides.py --ignore=tests/test_manifest_toy_lesson.py --ignore=tests/test_cell_order.py \
	--deselect tests/test_typing.py::test_pyright_finds_no_error_in_lossviz
test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest $(LOWEST_TESTS)

$(LOWEST)/.installed: requirements.txt pyproject.toml scripts/lowest_requirements.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { echo "lossviz needs Python 3.10 or newer"; exit 1; }
	$(PYTHON) -m venv $(LOWEST)
	$(PYTHON) scripts/lowest_requirements.py requirements.txt pyproject.toml > $(LOWEST)/lowest.txt
	$(LOWEST)/bin/python -m pip install -r requirements.txt -c $(LOWEST)/lowest.txt
	$(LOWEST)/bin/python -m pip install --no-deps -e .
	@touch $@

bench: $(INSTALLED)
	$(BIN)/python benchmarks/bench_losses.py
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_explorers.py
	$(BIN)/python benchmarks/bench_notebooks.py
	$(BIN)/python benchmarks/bench_browser.py
	$(BIN)/python benchmarks/bench_training_browser.py

# Re-run every notebook in place, in a clean kernel, so that stored outputs come
# from running (never from hand edits); no timings are recorded. Slide metadata
# is derived from each notebook's headings first.
execute: slide-metadata
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 notebooks/*.ipynb lecture/*.ipynb
	# A print's text and its newline can reach the kernel's output in two flushes, stored as two outputs
	# on one run and one on the next: joined afterwards (nbconvert joins them only before executing).
	$(BIN)/jupyter nbconvert --to notebook --inplace --CoalesceStreamsPreprocessor.enabled=True notebooks/*.ipynb lecture/*.ipynb
	$(BIN)/python scripts/stable_widget_ids.py notebooks/*.ipynb lecture/*.ipynb

slide-metadata: $(INSTALLED)
	$(BIN)/python scripts/slide_metadata.py notebooks/*.ipynb lecture/*.ipynb

# reveal.js decks of every notebook in slides/, working with no internet (assets
# fetched once from the npm registry into build/, copied beside the decks).
slides: $(INSTALLED)
	$(BIN)/python scripts/build_slides.py slides

# site/: an index and a page per notebook, every explorer live with no kernel and no internet
# (open site/index.html from disk, or copy the folder to any web server).
site: $(INSTALLED)
	$(BIN)/python scripts/build_site.py site

# A PDF handout of every deck (and one of all), one page per slide, printed offline by
# the headless Chromium the browser tests use.
handout: slides
	$(BIN)/python scripts/build_handout.py slides handouts

images: $(INSTALLED)
	$(BIN)/python -m lossviz.pictures.gallery images

venv: $(INSTALLED)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "lossviz needs Python 3.10 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Run: make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	@touch $@
