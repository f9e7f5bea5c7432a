# Two commands do all set-up on a fresh machine: `make run` and `make test`. Both are idempotent: the venv is
# (re)built only when pyproject.toml or constraints.txt change.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Tests and benchmarks never open a window or a sound device; `make run` uses the real ones.
test bench: export SDL_VIDEODRIVER ?= dummy
test bench: export SDL_AUDIODRIVER ?= dummy

.PHONY: install run test bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Coach needs Python 3.11; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	$(BIN)/python -m pip check
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coach play

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/synth.py
	$(BIN)/python benchmarks/reps.py
	$(BIN)/python benchmarks/app.py
	$(BIN)/python benchmarks/soak.py

lint: $(STAMP)
	$(BIN)/ruff check coach tests benchmarks docs
	$(BIN)/ruff format --check coach tests benchmarks docs

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
