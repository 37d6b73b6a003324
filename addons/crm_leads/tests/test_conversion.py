# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged, users

from .common import CrmLeadsCommon


@tagged("post_install", "-at_install", "crm_leads")
class TestConversion(CrmLeadsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Team East", "use_leads": True})
        cls.env["crm.team.member"].create(
            [{"crm_team_id": cls.team.id, "user_id": u.id} for u in (cls.rep, cls.rep2)]
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Conveyor belts for Orbit",
                "type": "lead",
                "partner_name": "Shanghai Orbit Trading Co., Ltd.",
                "contact_name": "Chen Jing",
                "email_from": "chen.jing@orbit-trading.example.com",
                "phone": "021 5555 1234",
                "function": "Buyer",
                "city": "Shanghai",
                "country_id": cls.country_cn.id,
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
            }
        )

    def _convert(self, leads, **choices):
        form = Form(
            self.env["crm.lead.convert"].with_context(
                active_ids=leads.ids, active_model="crm.lead"
            )
        )
        for name, value in choices.items():
            setattr(form, name, value)
        return form, form.save()

    @users("crm_rep")
    def test_convert_creates_company_contact_opportunity(self):
        lead = self.lead.with_env(self.env)
        form, wizard = self._convert(lead)
        self.assertEqual(wizard.company_action, "create")
        self.assertEqual(wizard.contact_action, "create")
        wizard.action_convert()
        self.assertEqual(lead.type, "opportunity")
        contact = lead.partner_id
        company = contact.parent_id
        self.assertEqual(contact.name, "Chen Jing")
        self.assertEqual(contact.email, "chen.jing@orbit-trading.example.com")
        self.assertEqual(contact.function, "Buyer")
        self.assertTrue(company.is_company)
        self.assertEqual(company.name, "Shanghai Orbit Trading Co., Ltd.")
        self.assertEqual(company.city, "Shanghai")
        self.assertEqual(company.user_id, self.rep)
        self.assertEqual(lead.user_id, self.rep)
        self.assertEqual(lead.team_id, self.team)

    @users("crm_rep")
    def test_convert_links_company_by_normalised_name(self):
        lead = self.lead.with_env(self.env)
        lead.write({"partner_name": "BEIJING ACME LIMITED", "phone": False})
        form, wizard = self._convert(lead)
        self.assertEqual(wizard.company_action, "link")
        self.assertEqual(wizard.commercial_partner_id, self.partner)
        wizard.action_convert()
        self.assertEqual(lead.partner_id.parent_id, self.partner)
        companies = self.env["res.partner"].search_count(
            [("name", "ilike", "acme"), ("is_company", "=", True)]
        )
        self.assertEqual(companies, 1)

    @users("crm_rep")
    def test_convert_links_company_by_phone(self):
        lead = self.lead.with_env(self.env)
        lead.write({"partner_name": "Acme North Branch", "phone": "+86 10 6243 6040"})
        lead._crm_convert_to_customer()
        self.assertEqual(lead.partner_id.commercial_partner_id, self.partner)
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Acme North Branch")])
        )

    @users("crm_rep")
    def test_convert_links_contact_by_email(self):
        contact = self.env["res.partner"].create(
            {"name": "Zhang San", "email": "zhang.san@acme.example.com",
             "parent_id": self.partner.id}
        )
        lead = self.lead.with_env(self.env)
        lead.write(
            {"partner_name": "Beijing Acme", "contact_name": "San Zhang",
             "email_from": "Zhang.San@ACME.example.com", "phone": False}
        )
        partner_count = self.env["res.partner"].search_count([])
        form, wizard = self._convert(lead)
        self.assertEqual(wizard.contact_action, "link")
        self.assertEqual(wizard.contact_id, contact)
        wizard.action_convert()
        self.assertEqual(lead.partner_id, contact)
        self.assertEqual(self.env["res.partner"].search_count([]), partner_count)

    def test_field_mapping_custom_field(self):
        Fields = self.env["ir.model.fields"]
        Fields.create(
            [
                {"model_id": self.env["ir.model"]._get_id(model), "name": "x_tier",
                 "field_description": "Tier", "ttype": "char", "state": "manual"}
                for model in ("crm.lead", "res.partner")
            ]
        )
        Map = self.env["crm.lead.conversion.map"]
        Map.create(
            [
                {"source_field_id": Fields._get("crm.lead", "x_tier").id,
                 "target": "company", "target_field_id": Fields._get("res.partner", "x_tier").id},
                {"source_field_id": Fields._get("crm.lead", "referred").id,
                 "target": "contact", "target_field_id": Fields._get("res.partner", "comment").id},
            ]
        )
        lead = self.env["crm.lead"].browse(self.lead.id)
        lead.write({"x_tier": "Gold", "referred": "Trade fair booth 12"})
        lead._crm_convert_to_customer()
        contact = lead.partner_id
        self.assertEqual(contact.parent_id.x_tier, "Gold")
        self.assertFalse(contact.x_tier)
        self.assertIn("Trade fair booth 12", contact.comment)

    def test_incompatible_mapping_rejected(self):
        Fields = self.env["ir.model.fields"]
        with self.assertRaises(ValidationError) as caught:
            self.env["crm.lead.conversion.map"].create(
                {"source_field_id": Fields._get("crm.lead", "partner_name").id,
                 "target": "company",
                 "target_field_id": Fields._get("res.partner", "country_id").id}
            )
        self.assertIn("not compatible", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.env["crm.lead.conversion.map"].create(
                {"source_field_id": Fields._get("crm.lead", "country_id").id,
                 "target": "company",
                 "target_field_id": Fields._get("res.partner", "industry_id").id}
            )
        mapping = self.env["crm.lead.conversion.map"].create(
            {"source_field_id": Fields._get("crm.lead", "country_id").id,
             "target": "company",
             "target_field_id": Fields._get("res.partner", "country_id").id}
        )
        self.assertTrue(mapping)

    @users("crm_rep")
    def test_utm_carried_over(self):
        utm = {
            "campaign_id": self.env["utm.campaign"].sudo().create({"name": "Spring fair"}),
            "medium_id": self.env["utm.medium"].sudo().create({"name": "Booth"}),
            "source_id": self.env["utm.source"].sudo().create({"name": "Canton Fair"}),
        }
        lead = self.lead.with_env(self.env)
        lead.write({fname: record.id for fname, record in utm.items()})
        lead._crm_convert_to_customer()
        self.assertEqual(lead.type, "opportunity")
        partner = lead.partner_id
        for fname, record in utm.items():
            self.assertEqual(lead[fname], record)
            if fname in partner._fields:
                self.assertEqual(partner[fname], record)
                self.assertEqual(partner.parent_id[fname], record)

    @users("crm_rep")
    def test_rep_converts_own_lead_only(self):
        other = self.env["crm.lead"].sudo().create(
            {"name": "Not mine", "type": "lead", "partner_name": "Hidden Co",
             "user_id": self.rep2.id}
        )
        with self.assertRaises(AccessError):
            self._convert(other.with_env(self.env))
        with self.assertRaises(AccessError):
            other.with_env(self.env)._crm_convert_to_customer()
        self.assertEqual(other.type, "lead")
        form, wizard = self._convert(self.lead.with_env(self.env))
        wizard.action_convert()
        self.assertEqual(self.lead.type, "opportunity")
