# The README's commands. Everything a fresh machine needs (Python 3.11, pip)
# is installed from this repo's own files.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | sha256sum | cut -c1-12)

.PHONY: setup system-deps model index serve test bench load clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

setup: $(STAMP)

# Browser tests drive Debian's Chromium; the storage tests start a real PostgreSQL.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium postgresql >/dev/null; \
	fi

model: setup
	$(BIN)/copilot model

index: model
	$(BIN)/copilot index

serve: index
	$(BIN)/copilot serve --skip-index

test: system-deps index
	$(BIN)/python -m pytest -p no:cacheprovider

bench: index
	$(BIN)/python -m bench

load: index
	$(BIN)/python -m load

clean:
	rm -rf .copilot
