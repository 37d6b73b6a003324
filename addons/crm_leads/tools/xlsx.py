# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The suite's XLSX workbooks: what a cell holds stays what it was.

Write every text cell with ``write_string`` as well: a customer or agent called
``=HYPERLINK(...)``, ``+1``, ``-1`` or ``@SUM`` must stay text in the user's
spreadsheet, never become a formula, a number or a link.
"""

import xlsxwriter


def text_safe_workbook(output, **options):
    """An ``xlsxwriter.Workbook`` on ``output`` that converts no string."""
    return xlsxwriter.Workbook(
        output,
        {
            "in_memory": not options.get("constant_memory"),
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            **options,
        },
    )


def xlsx_download_action(record, filename, content):
    """Store ``content`` as an attachment of ``record`` and return the action that
    downloads it (the export wizards' last step)."""
    attachment = record.env["ir.attachment"].create(
        {
            "name": filename,
            "raw": content,
            "res_model": record._name,
            "res_id": record.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    )
    return {
        "type": "ir.actions.act_url",
        "url": f"/web/content/{attachment.id}?download=true",
        "target": "self",
    }
