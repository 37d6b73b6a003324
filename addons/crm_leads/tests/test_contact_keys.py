# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged, users

from .common import CrmLeadsCommon


@tagged("post_install", "-at_install", "crm_leads")
class TestContactKeys(CrmLeadsCommon):
    def test_partner_keys_are_e164(self):
        self.assertEqual(self.partner.phone_e164, "+861062436040")
        self.assertEqual(self.partner.mobile_e164, "+8613800138000")

    def test_keys_follow_edits(self):
        self.partner.phone = "+86 21 5555 1234"
        self.assertEqual(self.partner.phone_e164, "+862155551234")
        self.partner.mobile = False
        self.assertFalse(self.partner.mobile_e164)

    def test_garbage_is_not_a_key(self):
        self.partner.phone = "call reception"
        self.assertFalse(self.partner.phone_e164)

    @users("crm_rep")
    def test_lookup_in_another_format(self):
        partners = self.env["res.partner"]
        for typed in ("+861062436040", "+86 10 6243 6040", "(010) 62436040", "01062436040"):
            self.assertEqual(partners._crm_search_phone(typed), self.partner, typed)
        self.assertEqual(partners._crm_search_phone("+86 138-0013-8000"), self.partner)
        self.assertFalse(partners._crm_search_phone("+86 10 0000 0000"))

    @users("crm_rep")
    def test_search_view_field(self):
        found = self.env["res.partner"].search([("phone_lookup", "=", "(010) 6243-6040")])
        self.assertEqual(found, self.partner)
        found = self.env["res.partner"].search([("phone_lookup", "ilike", "6243 6040")])
        self.assertIn(self.partner, found)

    @users("crm_rep")
    def test_lead_keys_from_form(self):
        with Form(self.env["crm.lead"]) as lead_form:
            lead_form.name = "Inbound call"
            lead_form.phone = "010 6243 6040"
        lead = lead_form.record
        self.assertEqual(lead.phone_e164, "+861062436040")
        self.assertEqual(self.env["crm.lead"]._crm_search_phone("+861062436040"), lead)

    def test_lookup_uses_the_index(self):
        # The lookup must stay an index probe at 1,000,000 rows: check the plan.
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM res_partner WHERE phone_e164 = %s", ["+861062436040"]
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("res_partner__phone_e164_index", plan)
