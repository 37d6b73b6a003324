# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .common import CrmMarketingCommon


@tagged("post_install", "-at_install", "crm_marketing")
class TestMarketingSecurity(CrmMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._create_campaign("Trade fair", budget=5000, costs=(1200,), leads=2)
        cls.cost = cls.campaign.crm_cost_ids
        cls.own_cost = (
            cls.env["crm.campaign.cost"]
            .with_user(cls.marketer)
            .create({"campaign_id": cls.campaign.id, "name": "Flyers", "amount": 80})
        )
        # Created here, as the superuser: a company created by the marketer would
        # join the marketer's allowed companies.
        cls.other_company = cls.env["res.company"].create({"name": "Shanghai Branch"})

    @users("crm_rep")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_sales_rep_cannot_read_costs(self):
        with self.assertRaises(AccessError):
            self.env["crm.campaign.cost"].search([])
        with self.assertRaises(AccessError):
            self.cost.with_env(self.env).read(["amount"])
        campaign = self.campaign.with_env(self.env)
        # The campaign itself and its channel stay readable, its money does not.
        self.assertEqual(campaign.read(["crm_channel"])[0]["crm_channel"], "exhibition")
        for fname in ("crm_budget", "crm_cost_total", "crm_cost_per_lead", "crm_cost_ids"):
            with self.assertRaises(AccessError, msg=fname):
                campaign.read([fname])

    @users("crm_marketer")
    def test_marketer_reads_all_costs(self):
        costs = self.env["crm.campaign.cost"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(costs, self.cost | self.own_cost)
        self.assertEqual(self.campaign.with_env(self.env).crm_cost_total, 1280.0)

    @users("crm_marketer")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_marketer_changes_only_own_costs(self):
        self.own_cost.with_env(self.env).amount = 95
        self.assertEqual(self.own_cost.amount, 95)
        with self.assertRaises(AccessError):
            self.cost.with_env(self.env).amount = 1
        with self.assertRaises(AccessError):
            self.cost.with_env(self.env).unlink()

    @users("crm_marketing_manager")
    def test_manager_changes_any_cost(self):
        self.cost.with_env(self.env).amount = 1100
        self.assertEqual(self.cost.amount, 1100)
        self.own_cost.with_env(self.env).unlink()
        self.assertFalse(self.own_cost.exists())

    @users("crm_marketer")
    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_costs_of_other_companies_hidden(self):
        self.env["crm.campaign.cost"].sudo().create(
            {
                "campaign_id": self.campaign.id,
                "name": "Shanghai roadshow",
                "amount": 999,
                "company_id": self.other_company.id,
            }
        )
        costs = self.env["crm.campaign.cost"].search([("campaign_id", "=", self.campaign.id)])
        self.assertEqual(costs, self.cost | self.own_cost)
        self.assertEqual(self.campaign.with_env(self.env).crm_cost_total, 1280.0)
