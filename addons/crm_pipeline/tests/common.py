# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager
from unittest.mock import patch

from odoo.addons.crm_leads.tests.common import CrmLeadsCommon
from odoo.tests import freeze_time, new_test_user


class CrmPipelineCommon(CrmLeadsCommon):
    """Pipeline users and a three-stage pipeline of our own (no demo data)."""

    @classmethod
    def _load_chart_of_accounts(cls):
        """A generic chart of accounts when the test company has no sales journal yet."""
        if not cls.env["account.journal"].search_count(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)]
        ):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )

    @classmethod
    def _pay(cls, invoice, amount, payment_date):
        """Register a payment of ``amount`` on ``invoice`` as the payment wizard does."""
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": payment_date})
            ._create_payments()
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pipeline_rep = new_test_user(
            cls.env, login="pipeline_rep", name="Rep Sun",
            groups="crm_pipeline.group_crm_pipeline_user",
        )
        cls.pipeline_rep2 = new_test_user(
            cls.env, login="pipeline_rep2", name="Rep Zhou",
            groups="crm_pipeline.group_crm_pipeline_user",
        )
        cls.pipeline_manager = new_test_user(
            cls.env, login="pipeline_manager", name="Manager Qian",
            groups="crm_pipeline.group_crm_pipeline_manager",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Pipeline Test Team", "member_ids": [
                (4, cls.pipeline_rep.id), (4, cls.pipeline_rep2.id),
            ]}
        )
        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create(
            {"name": "T New", "sequence": 1, "team_id": cls.team.id, "crm_stage_probability": 10}
        )
        cls.stage_qualified = Stage.create(
            {"name": "T Qualified", "sequence": 2, "team_id": cls.team.id,
             "crm_stage_probability": 40}
        )
        cls.stage_won = Stage.create(
            {"name": "T Won", "sequence": 3, "team_id": cls.team.id, "is_won": True,
             "crm_stage_probability": 100}
        )

    @contextmanager
    def _mock_now(self, dt):
        """Freeze both Python's clock and the transaction timestamp that crm uses."""
        with freeze_time(dt), patch.object(self.env.cr, "now", lambda: dt):
            yield

    @classmethod
    def _create_opportunities(cls, user, count, stage=None):
        """Create and flush, so crm's date_last_stage_update is computed at creation."""
        leads = cls.env["crm.lead"].create([
            {
                "name": f"Opportunity {user.login} {index}",
                "type": "opportunity",
                "user_id": user.id,
                "team_id": cls.team.id,
                "stage_id": (stage or cls.stage_new).id,
            }
            for index in range(count)
        ])
        leads.flush_recordset()
        return leads
