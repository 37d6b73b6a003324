# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _cron_stale_opportunities(self):
        """Give each salesperson one to-do listing their stale opportunities: open ones
        that stayed longer than their stage's ``crm_stale_days`` with no activity
        planned. An owner whose previous to-do is still open gets no new one."""
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_stale_opportunities")
        now = self.env.cr.now()
        stale = self.browse()
        for stage in self.env["crm.stage"].search([("crm_stale_days", ">", 0)]):
            stale |= self.search(
                [
                    ("type", "=", "opportunity"),
                    ("stage_id", "=", stage.id),
                    ("user_id", "!=", False),
                    ("probability", "<", 100),
                    ("date_last_stage_update", "<", now - timedelta(days=stage.crm_stale_days)),
                    ("activity_ids", "=", False),
                ]
            )
        if not stale:
            return
        busy = set(
            self.env["mail.activity"]
            .search([("activity_type_id", "=", activity_type.id), ("user_id", "in", stale.user_id.ids)])
            .user_id.ids
        )
        for owner in stale.user_id:
            if owner.id in busy:
                continue
            leads = stale.filtered(lambda lead, owner=owner: lead.user_id == owner).sorted(
                "date_last_stage_update"
            )
            items = Markup("").join(
                Markup("<li>%s (%s)</li>") % (lead.name, lead.stage_id.name) for lead in leads
            )
            leads[0].activity_schedule(
                activity_type_id=activity_type.id,
                user_id=owner.id,
                summary=self.env._("%(count)s stale opportunities", count=len(leads)),
                note=Markup("<ul>%s</ul>") % items,
            )
