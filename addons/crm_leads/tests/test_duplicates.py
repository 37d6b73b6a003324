# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users, warmup

from .common import CrmLeadsCommon


@tagged("post_install", "-at_install", "crm_leads")
class TestDuplicateKeys(CrmLeadsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.email = "Sales <SALES@acme.example.com>"
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Acme expansion",
                "partner_name": "Beijing Acme Technology Co., Ltd.",
                "email_from": "info@acme-tech.example.com",
                "phone": "021 5555 1234",
                "user_id": cls.rep.id,
            }
        )

    def test_company_name_keys(self):
        self.assertEqual(self.partner.company_name_key, "beijingacme")
        contact = self.env["res.partner"].create(
            {"name": "Zhang San", "parent_id": self.partner.id}
        )
        self.assertEqual(contact.company_name_key, "beijingacme")
        self.assertEqual(self.lead.company_name_key, "beijingacmetechnology")
        self.assertEqual(self.partner.email_normalized, "sales@acme.example.com")

    @users("crm_rep2")
    def test_batch_exact_keys(self):
        results = self.env["crm.lead"]._crm_match_batch(
            [
                {"email_from": "sales@ACME.example.com"},
                {"phone": "+86 10 6243 6040"},
                {"mobile": "+86 21 5555 1234"},  # lead's phone, other column
                {"partner_name": "BEIJING ACME LIMITED"},
                {"partner_name": "Shanghai Orbit Trading", "phone": "+86 21 0000 0000"},
                {},
            ]
        )
        partner, lead = self.partner.id, self.lead.id
        self.assertEqual(results[0], {"partner_ids": {partner}, "lead_ids": set()})
        self.assertEqual(results[1], {"partner_ids": {partner}, "lead_ids": set()})
        self.assertEqual(results[2], {"partner_ids": set(), "lead_ids": {lead}})
        self.assertEqual(results[3], {"partner_ids": {partner}, "lead_ids": set()})
        self.assertEqual(results[4], {"partner_ids": set(), "lead_ids": set()})
        self.assertEqual(results[5], {"partner_ids": set(), "lead_ids": set()})

    @users("crm_rep2")
    @warmup
    def test_batch_constant_query_count(self):
        def rows(count):
            return [
                {
                    "email_from": f"buyer{i}@example.com",
                    "phone": f"010 6243 {6000 + i}",
                    "mobile": f"138 0013 {8000 + i}",
                    "partner_name": f"Customer {i} Co., Ltd.",
                }
                for i in range(count)
            ]

        Lead = self.env["crm.lead"]
        # Warm the caches the phone parser reads (company country), as a request would.
        self.assertEqual(self.env.company.country_id.phone_code, 86)
        self.assertTrue(self.env.companies.ids)
        # One UNION query over res_partner and crm_lead, whatever the batch size.
        with self.assertQueryCount(crm_rep2=1):
            single = Lead._crm_match_batch(rows(1))
        with self.assertQueryCount(crm_rep2=1):
            many = Lead._crm_match_batch(rows(50))
        self.assertEqual(single[0]["partner_ids"], {self.partner.id})  # its mobile
        self.assertEqual(len(many), 50)
        self.assertEqual(many[0]["partner_ids"], {self.partner.id})
        self.assertFalse(many[1]["partner_ids"] | many[1]["lead_ids"])

    def test_exact_lookup_uses_indexes(self):
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM res_partner WHERE email_normalized = ANY(%s) "
            "OR company_name_key = ANY(%s)",
            [["a@b.c"], ["beijingacme"]],
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("res_partner__email_normalized_index", plan)
        self.assertIn("res_partner__company_name_key_index", plan)
