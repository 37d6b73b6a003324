# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""crm.lead.line becomes crm.pipeline.lead.line, crm.lead's lead_line_ids becomes
crm_pipeline_line_ids; the lines are kept.

Both names belong to OCA's crm_lead_product (since 10.0): installing it beside
crm_pipeline broke the lead form. Only crm_pipeline's own model is renamed (the
ir.model row crm_pipeline created); OpenUpgrade's helpers move the table, its
sequence, indexes and constraints and every reference to the names.
"""

from openupgradelib import openupgrade

OLD_MODEL, NEW_MODEL = "crm.lead.line", "crm.pipeline.lead.line"


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    cr.execute(
        """SELECT 1 FROM ir_model_data
            WHERE module = 'crm_pipeline' AND model = 'ir.model'
              AND name = 'model_crm_lead_line'"""
    )
    if not cr.fetchone():
        return
    openupgrade.rename_models(cr, [(OLD_MODEL, NEW_MODEL)])
    openupgrade.rename_tables(cr, [("crm_lead_line", "crm_pipeline_lead_line")])
    openupgrade.rename_fields(
        env, [("crm.lead", "crm_lead", "lead_line_ids", "crm_pipeline_line_ids")]
    )
    # the form views in the database still name the old field; they are reloaded from
    # the new files later in the update, but validated earlier with sibling views
    cr.execute(
        """UPDATE ir_ui_view
              SET arch_db = replace(arch_db::text, 'lead_line_ids', 'crm_pipeline_line_ids')::jsonb
            WHERE model = 'crm.lead' AND arch_db::text LIKE '%lead_line_ids%'"""
    )
    openupgrade.rename_xmlids(
        cr,
        [
            (
                "crm_pipeline.access_crm_lead_line_salesman",
                "crm_pipeline.access_crm_pipeline_lead_line_user",
            ),
        ],
    )
