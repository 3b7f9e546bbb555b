# The two commands: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install setup lint check demo serve admin messages bench clean

run: setup demo serve

test: install lint check  ## the whole suite on SQLite, then on PostgreSQL + Redis
	$(BIN)/pytest -n 2 --dist loadfile
	@backends=$$($(BIN)/python -m tests.backends); status=$$?; \
	if [ $$status -eq 0 ]; then \
		echo "== the suite again on PostgreSQL + Redis ($$backends)"; \
		env $$backends $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider; \
	elif [ $$status -ne 3 ]; then exit $$status; fi

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

setup: install
	$(BIN)/newsdesk migrate --noinput
	$(BIN)/newsdesk collectstatic --noinput --verbosity 0

demo: setup
	$(BIN)/newsdesk demo

serve:
	$(BIN)/newsdesk serve

admin: setup  ## create an account for the admin at /admin/
	$(BIN)/newsdesk createsuperuser

lint: install
	$(BIN)/ruff check .

check: install
	$(BIN)/newsdesk check --fail-level WARNING
	$(BIN)/newsdesk makemigrations --check --dry-run

messages: install  ## refresh and compile the interface translations (needs gettext)
	cd newsdesk && ../$(BIN)/newsdesk makemessages -l zh_Hans --ignore '*/migrations/*'
	$(BIN)/newsdesk compilemessages

bench: install  ## the benchmarks of BENCHMARKS.md (needs wrk and nginx)
	bash bench/run

clean:
	rm -rf $(VENV) *.egg-info
