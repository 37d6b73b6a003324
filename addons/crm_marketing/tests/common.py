# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.crm_leads.tests.common import CrmLeadsCommon
from odoo.tests import new_test_user


class CrmMarketingCommon(CrmLeadsCommon):
    """Marketing users on top of the suite's reps, and a helper to make campaigns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="crm_marketer",
            name="Marketer Sun",
            groups="crm_marketing.group_crm_marketing_user",
        )
        cls.marketing_manager = new_test_user(
            cls.env,
            login="crm_marketing_manager",
            name="Marketing Manager Zhou",
            groups="crm_marketing.group_crm_marketing_manager",
        )
        cls.currency = cls.env.company.currency_id

    @classmethod
    def _create_campaign(cls, title, budget=0.0, costs=(), leads=0, lead_user=None):
        campaign = cls.env["utm.campaign"].create(
            {"title": title, "crm_channel": "exhibition", "crm_budget": budget}
        )
        cls.env["crm.campaign.cost"].create(
            [
                {"campaign_id": campaign.id, "name": f"{title} cost {i}", "amount": amount}
                for i, amount in enumerate(costs)
            ]
        )
        cls.env["crm.lead"].create(
            [
                {
                    "name": f"{title} lead {i}",
                    "campaign_id": campaign.id,
                    "user_id": (lead_user or cls.rep2).id,
                }
                for i in range(leads)
            ]
        )
        return campaign
