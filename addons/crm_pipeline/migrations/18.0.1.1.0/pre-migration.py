# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The weighted forecast moves from one row per bucket to a ledger of deltas.

18.0.1.0.0 kept ``crm_lead_forecast`` as a table of running sums, one row per bucket,
updated by every writer (serialization errors when several reps moved deals of one
bucket at once). The model now reads ``crm_lead_forecast_delta``, which the model's
``init`` creates and fills from crm_lead in this same upgrade. The old table goes;
until ``init`` replaces the trigger function, the old function finds no table and
does nothing, so crm_lead stays writable during the upgrade.
"""


def migrate(cr, version):
    cr.execute("SELECT 1 FROM pg_class WHERE relname = 'crm_lead_forecast' AND relkind = 'r'")
    if cr.fetchone():
        cr.execute("DROP TABLE crm_lead_forecast")
