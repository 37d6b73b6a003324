# The CRM suite's two commands (see README.md):
#   make run    serve Odoo with the five addons on a demo database
#   make test   run the suite's tests on a fresh database
# ADDONS="crm_leads crm_cti" restricts either to a subset.
PYTHON ?= python3
ADDONS ?=

.PHONY: run test test-quick test-odoo lint i18n bench coinstall concurrency cti-load

run:
	$(PYTHON) tests/harness.py run $(ADDONS)

test:
	$(PYTHON) tests/harness.py test $(ADDONS)

# Tests only: no code checks, no install-alone pass (for a quick loop while developing).
test-quick:
	$(PYTHON) tests/harness.py test --no-checks --no-alone $(ADDONS)

# Odoo's own crm and sale_crm tests on a database with the five addons (by hand).
test-odoo:
	$(PYTHON) tests/harness.py odoo-tests

lint:
	$(PYTHON) -m ruff check addons tests
	$(PYTHON) -m pylint --rcfile .pylintrc addons/*/

i18n:
	$(PYTHON) tests/i18n.py $(ADDONS)

bench:
	$(PYTHON) tests/bench/run.py

# By hand: the suite beside OCA's crm_lead_product, partner_multi_relation, base_phone and
# crm_security_group, both sides' tests (see tests/coinstall.py).
coinstall:
	$(PYTHON) tests/coinstall.py

# Many writers at once on a multi-worker Odoo, by hand: see tests/concurrency/README.md.
concurrency:
	$(PYTHON) tests/concurrency/run.py

# PBX events, bus latency, lookup and two servers at 1,000,000 partners, by hand:
# see tests/cti_load/README.md (ARGS="--partners 100000 --browser").
cti-load:
	$(PYTHON) tests/cti_load/run.py $(ARGS)
