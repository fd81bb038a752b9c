# The interface people remember. Every target creates .venv from requirements.txt when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BOOK_FLAGS := -W -n --keep-going

.PHONY: help venv book book-instructor test test-fast sync starters toc data release bench lab lint clean report

help:
	@echo "make book            build the student edition of the course site into _build/html"
	@echo "make book-instructor build the instructor edition (adds executed solutions) into _build/instructor/_build/html"
	@echo "make test            install if needed, build both editions, run the whole test suite"
	@echo "make lab             open JupyterLab on the course, notebooks/00_orientation.md first"
	@echo "make starters        regenerate notebooks/ from solutions/ (and the .ipynb twins)"
	@echo "make sync            regenerate every .ipynb twin from its .md (solutions are executed)"
	@echo "make toc             regenerate _toc.yml and book/_toc_instructor.yml from gmmlab/course.py"
	@echo "make data            regenerate starter_data/ deterministically"
	@echo "make release         write the student release to dist/student/ and dist/student.zip"
	@echo "make bench           run the benchmarks (EM against scikit-learn; on Dask; course speed)"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

book: venv
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS)
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

book-instructor: venv
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS) --toc book/_toc_instructor.yml --path-output _build/instructor
	@echo "Open: file://$(CURDIR)/_build/instructor/_build/html/index.html"

test: venv book book-instructor
	env -u MPLBACKEND $(PY) -m pytest -n 2 --durations=40

test-fast: venv
	$(PY) -m pytest -m "not slow"

sync: venv
	$(PY) tools/sync_notebooks.py

starters: venv
	$(PY) tools/make_starters.py
	$(PY) tools/sync_notebooks.py --only notebooks
	$(PY) tools/make_toc.py

toc: venv
	$(PY) tools/make_toc.py

data: venv
	$(PY) tools/make_starter_data.py

release: venv
	$(PY) tools/make_release.py

bench: venv
	$(PY) benchmarks/bench_em.py
	$(PY) benchmarks/bench_dask.py
	$(PY) benchmarks/bench_course.py

report: venv
	$(PY) tools/export_report.py notebooks/09_report.ipynb

# JupyterLab on the whole course folder (so that the notebooks' links to the theory pages
# resolve), notebooks/00_orientation.md open, with the course's settings (jupyter-config/:
# .md notebooks open as notebooks, widget state saved); --allow-root when run as root.
lab: venv
	$(PY) tools/lab.py

lint: venv
	$(VENV)/bin/ruff check gmmlab tools tests benchmarks

clean:
	rm -rf _build dist .pytest_cache
