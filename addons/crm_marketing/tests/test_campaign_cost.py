# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from freezegun import freeze_time

from odoo.tests import Form, tagged, users, warmup

from .common import CrmMarketingCommon


@tagged("post_install", "-at_install", "crm_marketing")
class TestCampaignCost(CrmMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Leads belong to another rep: the marketer cannot open them, yet they count.
        cls.fair = cls._create_campaign("Fair", budget=1000, costs=(300, 500), leads=4)
        cls.ads = cls._create_campaign("Ads", budget=100, costs=(90, 60.5), leads=3)
        cls.mailing = cls._create_campaign("Mailing", costs=(100,))
        cls.blank = cls._create_campaign("Blank", budget=500)

    @users("crm_marketer")
    def test_totals_and_cost_per_lead(self):
        campaigns = (self.fair | self.ads | self.mailing | self.blank).with_env(self.env)
        self.assertEqual(campaigns.mapped("crm_cost_total"), [800.0, 150.5, 100.0, 0.0])
        self.assertEqual(campaigns.mapped("crm_attributed_lead_count"), [4, 3, 0, 0])
        # 150.5 / 3 rounded to the currency; no leads means no cost per lead.
        self.assertEqual(campaigns.mapped("crm_cost_per_lead"), [200.0, 50.17, 0.0, 0.0])
        self.assertEqual(campaigns.mapped("crm_is_over_budget"), [False, True, False, False])

    @users("crm_marketer")
    def test_lost_leads_still_attributed(self):
        lead = self.env["crm.lead"].sudo().search([("campaign_id", "=", self.fair.id)], limit=1)
        lead.action_set_lost()
        self.assertFalse(lead.active)
        fair = self.fair.with_env(self.env)
        self.assertEqual(fair.crm_attributed_lead_count, 4)

    @users("crm_marketer")
    def test_totals_follow_new_costs(self):
        fair = self.fair.with_env(self.env)
        self.assertFalse(fair.crm_is_over_budget)
        self.env["crm.campaign.cost"].create(
            {"campaign_id": fair.id, "name": "Extra booth lights", "amount": 250}
        )
        self.assertEqual(fair.crm_cost_total, 1050.0)
        self.assertEqual(fair.crm_cost_per_lead, 262.5)
        self.assertTrue(fair.crm_is_over_budget)

    @users("crm_marketer")
    @freeze_time("2026-03-02 09:00:00")
    def test_cost_form_defaults(self):
        with Form(self.env["crm.campaign.cost"]) as cost_form:
            cost_form.campaign_id = self.mailing
            cost_form.name = "Postage"
            cost_form.amount = 42.0
        cost = cost_form.record
        self.assertEqual(str(cost.date), "2026-03-02")
        self.assertEqual(cost.user_id, self.marketer)
        self.assertEqual(cost.company_id, self.env.company)
        self.assertEqual(cost.currency_id, self.currency)
        self.assertEqual(cost.channel, "exhibition")

    def test_campaign_currency_defaults_to_company(self):
        campaign = self.env["utm.campaign"].create({"title": "No currency given"})
        self.assertEqual(campaign.crm_currency_id, self.env.company.currency_id)

    def test_costs_deleted_with_campaign(self):
        costs = self.mailing.crm_cost_ids
        self.assertTrue(costs)
        self.mailing.unlink()
        self.assertFalse(costs.exists())


@tagged("post_install", "-at_install", "crm_marketing")
class TestCampaignCostQueries(CrmMarketingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaigns = cls.env["utm.campaign"]
        for i in range(10):
            cls.campaigns |= cls._create_campaign(
                f"Campaign {i}", budget=100 * i, costs=(10, 20 + i), leads=i % 3
            )

    def _read_kpis(self, campaigns):
        self.env.invalidate_all()
        return [
            (c.crm_cost_total, c.crm_attributed_lead_count, c.crm_cost_per_lead) for c in campaigns
        ]

    @users("crm_marketer")
    @warmup
    def test_kpi_query_count_is_constant(self):
        one = self.campaigns[:1].with_env(self.env)
        ten = self.campaigns.with_env(self.env)
        self._read_kpis(ten)  # access rules and currency rates are cached per process
        # campaign fields, costs grouped, leads grouped, and the reads of the user,
        # company and currency that invalidate_all() dropped: the same for 1 and 10
        with self.assertQueryCount(crm_marketer=7):
            self._read_kpis(one)
        with self.assertQueryCount(crm_marketer=7):
            kpis = self._read_kpis(ten)
        self.assertEqual(kpis[4], (34.0, 1, 34.0))
