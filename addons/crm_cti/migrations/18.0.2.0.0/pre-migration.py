# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1 -> 18.0.2: calls get ring/answer/end times and an outcome, PBX tokens
are kept hashed only.

* ``crm_cti_call.date_start`` becomes ``date_ring``; calls that were answered or
  ended get their start as answer time (the old model knew no better), missed
  ones an end time; the old states ``missed``/``ended`` become ``ended`` (the
  outcome is recomputed after the update, see post-migration).
* ``crm_cti_pbx.token`` (clear) becomes ``token_hash`` (sha256 hex): the PBXs keep
  posting with the token they have, and the clear column is dropped.
"""

from odoo.tools import SQL


def _column_exists(cr, table, column):
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            table,
            column,
        )
    )
    return bool(cr.fetchone())


def migrate(cr, version):
    if not version:
        return
    if _column_exists(cr, "crm_cti_call", "date_start") and not _column_exists(
        cr, "crm_cti_call", "date_ring"
    ):
        cr.execute(SQL("ALTER TABLE crm_cti_call RENAME COLUMN date_start TO date_ring"))
        cr.execute(SQL("ALTER TABLE crm_cti_call ADD COLUMN IF NOT EXISTS date_answer timestamp"))
        cr.execute(
            SQL(
                """UPDATE crm_cti_call SET date_answer = date_ring
                    WHERE state IN ('answered', 'ended')"""
            )
        )
        cr.execute(
            SQL(
                """UPDATE crm_cti_call SET date_end = COALESCE(date_end, date_ring)
                    WHERE state IN ('missed', 'ended')"""
            )
        )
        cr.execute(SQL("UPDATE crm_cti_call SET state = 'ended' WHERE state = 'missed'"))
        cr.execute(
            SQL(
                "ALTER TABLE crm_cti_call DROP CONSTRAINT IF EXISTS crm_cti_call_date_end_after_start"
            )
        )
    if _column_exists(cr, "crm_cti_pbx", "token"):
        cr.execute(SQL("ALTER TABLE crm_cti_pbx ADD COLUMN IF NOT EXISTS token_hash varchar"))
        cr.execute(
            SQL(
                """UPDATE crm_cti_pbx SET token_hash = encode(sha256(convert_to(token, 'UTF8')), 'hex')
                    WHERE token IS NOT NULL AND token_hash IS NULL"""
            )
        )
        cr.execute(SQL("ALTER TABLE crm_cti_pbx DROP CONSTRAINT IF EXISTS crm_cti_pbx_token_uniq"))
        cr.execute(SQL("ALTER TABLE crm_cti_pbx DROP COLUMN token"))
