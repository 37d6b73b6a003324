# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Migration helpers shared by the suite's addons (used from migrations/ only)."""


def rename_own_model(env, module, old_model, new_model, xmlids=()):
    """Rename ``old_model`` to ``new_model`` with its table, keeping the rows, if
    ``module`` created it (an OCA module may own a model of the same name: then
    nothing is touched). Returns whether it renamed.

    OpenUpgrade's helpers move the table, its sequence, indexes and constraints and
    every reference to the model name (fields, filters, exports, server actions).
    """
    from openupgradelib import openupgrade  # noqa: PLC0415 - only upgrades need it

    cr = env.cr
    old_xmlid = "model_" + old_model.replace(".", "_")
    cr.execute(
        "SELECT 1 FROM ir_model_data WHERE module = %s AND model = 'ir.model' AND name = %s",
        [module, old_xmlid],
    )
    if not cr.fetchone():
        return False
    old_table, new_table = old_model.replace(".", "_"), new_model.replace(".", "_")
    openupgrade.rename_models(cr, [(old_model, new_model)])
    openupgrade.rename_tables(cr, [(old_table, new_table)])
    cr.execute(
        "UPDATE ir_model_constraint SET name = %s || substr(name, %s) WHERE name LIKE %s",
        [new_table, len(old_table) + 1, old_table + "\\_%"],
    )
    openupgrade.rename_xmlids(cr, [(f"{module}.{old}", f"{module}.{new}") for old, new in xmlids])
    return True
