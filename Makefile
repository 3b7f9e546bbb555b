# The two commands: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The locking tool, pinned here and only here; `make lock` installs it into the venv.
UV_VERSION := 0.13.9

# Hashed locks of the whole closure (README, "Dependencies"): run.txt is what `make run`
# installs, test.txt adds the test tools for `make test`, core.txt leaves out the imports.
RUN_LOCK := requirements/run.txt
TEST_LOCK := requirements/test.txt
# Each install is stamped with a checksum of pyproject.toml and its lock: a change to
# either installs again.
stamp = $(VENV)/.installed-$(1)-$(shell cat pyproject.toml $(2) | cksum | cut -d' ' -f1)
RUN_INSTALLED := $(call stamp,run,$(RUN_LOCK))
INSTALLED := $(call stamp,test,$(TEST_LOCK))

.PHONY: run test install setup lint check audit demo serve admin messages bench importdev sitecheck lock editor clean

run: setup demo serve

test: install lint check  ## the whole suite on SQLite, then on PostgreSQL + Redis
	$(BIN)/pytest -n 2 --dist loadfile
	@backends=$$($(BIN)/python -m tests.backends); status=$$?; \
	if [ $$status -eq 0 ]; then \
		echo "== the suite again on PostgreSQL + Redis ($$backends)"; \
		env $$backends $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider -m "not embedded"; \
	elif [ $$status -ne 3 ]; then exit $$status; fi

install: $(INSTALLED)  ## everything: newsdesk, the imports extra and the test tools

# pip installs exactly the locked versions, each checked against its hashes, then newsdesk
# itself without resolving anything more; pip check fails when a pin in pyproject.toml
# changed without `make lock`. $(1): the lock, $(2): the stamp's name.
define install_lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.installed-$(2)-*
	touch $@
endef

$(RUN_INSTALLED): pyproject.toml $(RUN_LOCK)
	$(call install_lock,$(RUN_LOCK),run)

$(INSTALLED): pyproject.toml $(TEST_LOCK)
	$(call install_lock,$(TEST_LOCK),test)

# uv resolves for every platform and Python >= 3.11 at once (markers where they differ).
# test.txt is resolved first; the other two take its versions as constraints, so the
# three locks agree. UPGRADE=1 moves unpinned dependencies to their newest releases;
# without it a lock keeps what it has unless pyproject.toml asks for something else.
COMPILE = $(BIN)/uv pip compile pyproject.toml --quiet --universal --generate-hashes \
	--python-version 3.11 --custom-compile-command 'make lock'

lock:  ## refresh requirements/*.txt from the pins in pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(COMPILE) --extra test $(if $(UPGRADE),--upgrade) -o $(TEST_LOCK)
	$(COMPILE) --extra imports -c $(TEST_LOCK) -o $(RUN_LOCK)
	$(COMPILE) -c $(TEST_LOCK) -o requirements/core.txt

setup: $(RUN_INSTALLED)
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

# A production-like environment for `check --deploy` (HTTPS, a real host, a set key):
# it must give no warning. Its own var/ directory, so the checkout's is left alone.
DEPLOY_ENV = HTTPS=true PUBLIC_URL=https://news.example.org ALLOWED_HOSTS=news.example.org \
	SECRET_KEY=used-by-make-check-only-0123456789abcdefghijklmnopqrstuvwxyz \
	NEWSDESK_VAR_DIR=$(CURDIR)/.venv/check-deploy-var

check: install
	$(BIN)/newsdesk check --fail-level WARNING
	env $(DEPLOY_ENV) $(BIN)/newsdesk check --deploy --fail-level WARNING
	$(BIN)/newsdesk makemigrations --check --dry-run

# Known vulnerabilities in every locked dependency (test.txt holds the other two locks'
# versions), from PyPI's advisory data: it needs pypi.org. --strict fails when a package
# could not be checked, rather than passing it unchecked.
# pip-audit reads advisories from pypi.org's per-release JSON API. Where that API does not
# answer (some mirrors and sandboxes pass only the index), the audit cannot run: it says so
# and is skipped, rather than failing every CI run or passing packages it never checked.
AUDIT_PROBE := https://pypi.org/pypi/pip/24.0/json
audit: install  ## known vulnerabilities in every locked dependency (pip-audit)
	@if curl -fsS -o /dev/null -m 20 $(AUDIT_PROBE) 2>/dev/null; then \
		$(BIN)/pip-audit --strict --disable-pip --require-hashes --progress-spinner off -r $(TEST_LOCK); \
	else \
		echo "SKIPPED the dependency audit: $(AUDIT_PROBE) does not answer here" >&2; \
	fi

# The locales `make messages` refreshes: each one with a catalog in newsdesk/locale/ (Japanese
# stays current while it is not an edition) and each edition in settings.LANGUAGES (from
# EDITIONS) but English, the language of the source strings; so `EDITIONS=en,es make
# messages` starts the Spanish catalogs. Every app's catalog gets the same locales.
CATALOG_LOCALES = $(notdir $(patsubst %/LC_MESSAGES,%,$(wildcard newsdesk/locale/*/LC_MESSAGES)))
EDITION_LOCALES = $(shell $(BIN)/newsdesk shell -v 0 -c 'from django.conf import settings; \
	from django.utils.translation import to_locale; \
	print(*[to_locale(code) for code, _ in settings.LANGUAGES if code != "en"])')
messages: install  ## refresh and compile the interface translations (needs gettext)
	cd newsdesk && ../$(BIN)/newsdesk makemessages --ignore '*/migrations/*' \
		$(addprefix -l ,$(sort $(CATALOG_LOCALES) $(EDITION_LOCALES)))
	$(BIN)/newsdesk compilemessages --ignore .venv

bench: install  ## the benchmarks of BENCHMARKS.md (needs wrk and nginx)
	bash bench/run

# BENCHMARKS.md, "Import: newsdesk vs plain trafilatura". IMPORTDEV_ARGS: e.g. --limit 40.
importdev: install  ## the importer against plain trafilatura on ../shared/importdev's pages
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/importdev.py $(IMPORTDEV_ARGS)

# The checkers of issue #14's bar (BENCHMARKS.md, "Reader site checks"): Lighthouse, axe-core
# and vnu.jar pinned with their hashes in bench/sitecheck/package-lock.json, installed by
# npm ci (no install scripts: vnu.jar ships in its package) into bench/sitecheck/node_modules.
# Needs node >= 20.19, java >= 11 and /usr/bin/chromium. SITECHECK_ARGS: e.g. --report-only.
SITECHECK_MODULES := bench/sitecheck/node_modules/.installed
$(SITECHECK_MODULES): bench/sitecheck/package.json bench/sitecheck/package-lock.json
	cd bench/sitecheck && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

sitecheck: install $(SITECHECK_MODULES)  ## Lighthouse, axe, Nu and structured data on the demo site
	$(BIN)/python -m bench.sitecheck.run $(SITECHECK_ARGS)

# The body editor's ProseMirror, pinned with its hashes in newsdesk/newsroom/vendor/package-lock.json:
# npm ci (no install scripts) into a temporary folder, then vendor.py copies each package's
# ES module, licence and style sheets into the static files, with its imports made relative
# (no import map: the CSP refuses inline scripts). The copies are committed; bump a version
# in package.json, `npm install --package-lock-only` there, then run this.
EDITOR_VENDOR := newsdesk/newsroom/vendor
EDITOR_STATIC := newsdesk/newsroom/static/newsroom/vendor/prosemirror
editor:  ## refresh the vendored ProseMirror of the body editor from the npm registry
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp $(EDITOR_VENDOR)/package.json $(EDITOR_VENDOR)/package-lock.json "$$tmp" && \
	(cd "$$tmp" && npm ci --ignore-scripts --no-audit --no-fund) && \
	$(PYTHON) $(EDITOR_VENDOR)/vendor.py "$$tmp/node_modules" $(EDITOR_STATIC)

clean:
	rm -rf $(VENV) *.egg-info
