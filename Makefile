# Two entry points: `make run` (set up and start the service) and `make test` (set up and run the tests).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev train evaluate benchmark screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements-ray.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The page tests drive Debian's chromium (playwright cannot download its own browser here).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(CHROMIUM)

run: install
	$(BIN)/python server.py $(ARGS)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `make train EXTRA=my_labels.csv` adds your own labeled lines (source,log_message,target_label).
train: install
	$(BIN)/python training/train.py $(if $(EXTRA),--extra $(EXTRA))

evaluate: install
	$(BIN)/python training/evaluate.py --data $(DATA)

benchmark: install
	$(BIN)/python benchmarks/throughput.py

screenshots: install-dev
	$(BIN)/python scripts/screenshots.py
