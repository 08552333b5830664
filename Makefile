# ShopTwin: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint format bench clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed: install it with 'sudo apt-get install -y python3-venv'" >&2; \
	  rm -rf $(VENV); exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app demo load --if-empty
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py app:app

test: $(VENV)/.dev
	tools/test-deps.sh
	TEST_DATABASE_URL="$${TEST_DATABASE_URL-$$($(BIN)/python tools/test-database-url.py)}" \
	  $(BIN)/pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev
	$(BIN)/python bench/clock_jitter.py
	$(BIN)/python bench/pedal_to_led.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
