# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""No shared row on the paths that many writers take at once.

Parallel transactions updating one row fail with "could not serialize access due
to concurrent update" (HTTP 500 for a web form's visitors). The load itself is
measured by tests/concurrency/run.py; these tests keep the shared rows out.
"""

import re
from contextlib import contextmanager
from unittest.mock import patch

from odoo import sql_db
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .test_lead_form import ORIGIN, LeadFormCommon

_WRITE_RE = re.compile(r"^\s*(UPDATE|DELETE)\b|\bFOR (NO KEY )?UPDATE\b", re.I)


@contextmanager
def capture_writes():
    """The UPDATE/DELETE/SELECT FOR UPDATE statements run inside the block, by
    any thread (HttpCase requests run in the server's)."""
    writes = []
    execute = sql_db.Cursor.execute

    def recording_execute(cr, query, params=None, log_exceptions=True):
        text = query.code if isinstance(query, SQL) else str(query)
        if _WRITE_RE.search(text):
            writes.append(" ".join(text.split())[:160])
        return execute(cr, query, params, log_exceptions)

    with patch.object(sql_db.Cursor, "execute", recording_execute):
        yield writes


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadFormNoSharedRow(LeadFormCommon, HttpCase):
    def _submit(self, index):
        return self.url_open(
            self.submit_path,
            data=self._valid_post(contact_name=f"Visitor {index}"),
            headers={"Accept": "application/json", "Origin": ORIGIN},
        )

    def test_submit_updates_nothing(self):
        """A visitor's post only reads and inserts: no counter on the form, no
        sequence, no pointer, nothing that the next visitor's post updates too."""
        self._submit(0)  # warm-up: caches, first-time reads
        with capture_writes() as writes:
            response = self._submit(1)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(writes, [])
        self.assertEqual(len(self._form_leads()), 2)

    def test_auto_assignment_updates_no_team(self):
        """Taking turns between members writes nothing on the team: the turn is
        read from the leads, so parallel creations do not fight over its row."""
        self.env.company.crm_auto_assignment = True
        team = self.env["crm.team"].create({"name": "Routed Team", "use_leads": True})
        self.env["crm.team.member"].create(
            [
                {"crm_team_id": team.id, "user_id": user.id, "assignment_max": 30}
                for user in (self.rep, self.rep2)
            ]
        )
        self.env["crm.assignment.rule"].create({"name": "All", "team_id": team.id})
        Lead = self.env["crm.lead"]
        first = Lead.create({"name": "First", "user_id": False})
        self.env.flush_all()
        with capture_writes() as writes:
            second = Lead.create({"name": "Second", "user_id": False})
            self.env.flush_all()
        self.assertFalse([query for query in writes if '"crm_team"' in query], writes)
        self.assertEqual((first | second).user_id, self.rep | self.rep2)
        self.assertEqual(team.crm_assignment_member_id.user_id, second.user_id)
