# The two commands: `make run` starts nianbao-qa, `make test` runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
INDEX ?= var/index

.PHONY: run test lint format

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# First run: build the sample index (progress bars in the terminal), then serve the app on it.
run: $(STAMP)
	test -e $(INDEX)/current || $(PY) -m index build data/reports --index $(INDEX)
	NIANBAO_INDEX=$(INDEX) $(PY) -m streamlit run app.py

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The benchmark set at 1k and 10k reports → bench/results.md (README's Performance section shows it).
.PHONY: bench eval
bench: $(STAMP)
	PY=$(PY) bench/all.sh

# Parse accuracy, QA exactness per kind, citations, retrieval recall, year disambiguation: one table.
eval: $(STAMP)
	$(PY) -m bench.eval
