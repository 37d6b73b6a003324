# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL

from .models.crm_lead_forecast import _LEDGER, _TRIGGERS


def uninstall_hook(env):
    """The forecast triggers live on crm's own table: remove them with the addon, and
    the ledger they write (and the summary table of 18.0.1.0.0, if still there)."""
    for name, _event, _transition in _TRIGGERS:
        env.cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON crm_lead", SQL.identifier(name)))
    env.cr.execute("DROP FUNCTION IF EXISTS crm_lead_forecast_sync()")
    for table in (_LEDGER, "crm_lead_forecast"):
        env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
