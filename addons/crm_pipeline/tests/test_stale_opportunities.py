# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from odoo.tests import tagged

from .common import CrmPipelineCommon


@tagged("post_install", "-at_install", "crm_pipeline")
class TestStaleOpportunities(CrmPipelineCommon):
    def test_cron_one_activity_per_owner(self):
        self.stage_qualified.crm_stale_days = 5
        with self._mock_now(datetime(2025, 2, 1, 8, 0)):
            old_a = self._create_opportunities(self.pipeline_rep, 1, self.stage_qualified)
        with self._mock_now(datetime(2025, 2, 2, 8, 0)):
            old_b = self._create_opportunities(self.pipeline_rep, 1, self.stage_qualified)
            other = self._create_opportunities(self.pipeline_rep2, 1, self.stage_qualified)
            planned = self._create_opportunities(self.pipeline_rep2, 1, self.stage_qualified)
            # stale stage 0 = never stale
            self._create_opportunities(self.pipeline_rep, 1, self.stage_new)
        planned.activity_schedule("mail.mail_activity_data_call", user_id=self.pipeline_rep2.id)
        with self._mock_now(datetime(2025, 2, 6, 8, 0)):
            fresh = self._create_opportunities(self.pipeline_rep, 1, self.stage_qualified)

        for lead, name in (
            (old_a, "Stale A"), (old_b, "Stale B"), (other, "Stale C"),
            (planned, "Planned D"), (fresh, "Fresh E"),
        ):
            lead.name = name
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_stale_opportunities")
        with self._mock_now(datetime(2025, 2, 8, 9, 0)):
            self.env["crm.lead"]._cron_stale_opportunities()
        activities = self.env["mail.activity"].search(
            [("activity_type_id", "=", activity_type.id)]
        )
        self.assertEqual(len(activities), 2, "one to-do per owner")
        rep_activity = activities.filtered(lambda act: act.user_id == self.pipeline_rep)
        self.assertEqual(rep_activity.res_id, old_a.id, "on the stalest opportunity")
        self.assertEqual(rep_activity.summary, "2 stale opportunities")
        self.assertIn("Stale A", rep_activity.note)
        self.assertIn("Stale B", rep_activity.note)
        self.assertNotIn(fresh.name, rep_activity.note)
        rep2_activity = activities - rep_activity
        self.assertEqual(rep2_activity.res_id, other.id)
        self.assertNotIn(planned.name, rep2_activity.note)

        # the next day, the owners still have their open to-do: nothing new
        with self._mock_now(datetime(2025, 2, 9, 9, 0)):
            self.env["crm.lead"]._cron_stale_opportunities()
        self.assertEqual(
            self.env["mail.activity"].search_count([("activity_type_id", "=", activity_type.id)]),
            2,
        )
