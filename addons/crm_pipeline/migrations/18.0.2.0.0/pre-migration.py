# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""crm.lead.line becomes crm.pipeline.lead.line, crm.lead's lead_line_ids becomes
crm_pipeline_line_ids; the lines are kept.

Both names belong to OCA's crm_lead_product (since 10.0): installing it beside
crm_pipeline broke the lead form. Only crm_pipeline's own model is renamed.
"""

from openupgradelib import openupgrade

from odoo.addons.crm_leads.tools.migration import rename_own_model


@openupgrade.migrate()
def migrate(env, version):
    renamed = rename_own_model(
        env,
        "crm_pipeline",
        "crm.lead.line",
        "crm.pipeline.lead.line",
        xmlids=[("access_crm_lead_line_salesman", "access_crm_pipeline_lead_line_user")],
    )
    if not renamed:
        return
    openupgrade.rename_fields(
        env, [("crm.lead", "crm_lead", "lead_line_ids", "crm_pipeline_line_ids")]
    )
    # the form views in the database still name the old field; they are reloaded from
    # the new files later in the update, but validated earlier with sibling views
    env.cr.execute(
        """UPDATE ir_ui_view
              SET arch_db = replace(arch_db::text, 'lead_line_ids', 'crm_pipeline_line_ids')::jsonb
            WHERE model = 'crm.lead' AND arch_db::text LIKE '%lead_line_ids%'"""
    )
