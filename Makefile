# The CRM suite's two commands (see README.md):
#   make run    serve Odoo with the five addons on a demo database
#   make test   run the suite's tests on a fresh database
# ADDONS="crm_leads crm_cti" restricts either to a subset.
PYTHON ?= python3
ADDONS ?=

.PHONY: run test test-quick lint i18n bench concurrency

run:
	$(PYTHON) tests/harness.py run $(ADDONS)

test:
	$(PYTHON) tests/harness.py test $(ADDONS)

# Tests only: no code checks, no install-alone pass (for a quick loop while developing).
test-quick:
	$(PYTHON) tests/harness.py test --no-checks --no-alone $(ADDONS)

lint:
	$(PYTHON) -m ruff check addons tests
	$(PYTHON) -m pylint --rcfile .pylintrc addons/*/

i18n:
	$(PYTHON) tests/i18n.py $(ADDONS)

bench:
	$(PYTHON) tests/bench/run.py

# Many writers at once on a multi-worker Odoo, by hand: see tests/concurrency/README.md.
concurrency:
	$(PYTHON) tests/concurrency/run.py
