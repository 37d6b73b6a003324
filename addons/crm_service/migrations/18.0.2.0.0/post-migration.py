# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Each service order gets the stage of its old state (see tools/migrate.py)."""

from openupgradelib import openupgrade

from odoo.addons.crm_service.tools.migrate import migrate_legacy_states


@openupgrade.migrate()
def migrate(env, version):
    migrate_legacy_states(env)
