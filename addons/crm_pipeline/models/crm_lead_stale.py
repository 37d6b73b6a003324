# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, models
from odoo.osv import expression

STALE_DIGEST_DATE_PARAM = "crm_pipeline.stale_digest_date"


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model
    def _cron_stale_opportunities(self):
        """Daily reminders about stale opportunities: open ones that stayed longer than
        their stage's ``crm_stale_days`` with no activity planned (the stale to-do
        itself aside, so that the opportunity it is attached to keeps being reported).

        * each salesperson gets one to-do listing their stale opportunities, unless
          their previous one is still open;
        * each team leader gets one digest listing the stale opportunities of the teams
          they lead, once a day.
        """
        now = self.env.cr.now()
        stale = self._crm_find_stale_opportunities(now)
        if not stale:
            return
        stale._crm_schedule_stale_todos()
        stale._crm_send_stale_digests(now)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _crm_find_stale_opportunities(self, now):
        """All stale opportunities in one search, whatever the number of stages: one
        branch per distinct stale delay, each comparing the last stage update."""
        stages = self.env["crm.stage"].search([("crm_stale_days", ">", 0)])
        stage_ids_by_days = defaultdict(list)
        for stage in stages:
            stage_ids_by_days[stage.crm_stale_days].append(stage.id)
        if not stage_ids_by_days:
            return self.browse()
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_stale_opportunities")
        return self.search(
            expression.AND(
                [
                    [
                        ("type", "=", "opportunity"),
                        ("probability", "<", 100),
                        (
                            "activity_ids",
                            "not any",
                            [("activity_type_id", "!=", activity_type.id)],
                        ),
                    ],
                    expression.OR(
                        [
                            [
                                ("stage_id", "in", stage_ids),
                                ("date_last_stage_update", "<", now - timedelta(days=days)),
                            ]
                            for days, stage_ids in stage_ids_by_days.items()
                        ]
                    ),
                ]
            ),
            order="date_last_stage_update, id",
        )

    def _crm_schedule_stale_todos(self):
        """One to-do per salesperson, on their stalest opportunity."""
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_stale_opportunities")
        owned = self.filtered("user_id")
        busy = set(
            self.env["mail.activity"]
            .search(
                [("activity_type_id", "=", activity_type.id), ("user_id", "in", owned.user_id.ids)]
            )
            .user_id.ids
        )
        for owner in owned.user_id:
            if owner.id in busy:
                continue
            leads = owned.filtered(lambda lead, owner=owner: lead.user_id == owner).sorted(
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

    def _crm_send_stale_digests(self, now):
        """One message per team leader listing the stale opportunities of the teams they
        lead (unassigned ones included), in the leader's language, through their
        notification preference (inbox or e-mail). Sent at most once a day: a second
        run on the same day (manual run, restart) sends nothing."""
        # sudo: ir.config_parameter - technical marker of the last digest day
        params = self.env["ir.config_parameter"].sudo()
        today = now.date().isoformat()
        if params.get_param(STALE_DIGEST_DATE_PARAM) == today:
            return
        led = self.filtered(lambda lead: lead.team_id.user_id)
        base_url = self[:1].get_base_url()
        for leader in led.team_id.user_id:
            leader_leads = led.filtered(lambda lead, leader=leader: lead.team_id.user_id == leader)
            teams = leader_leads.team_id.sorted()
            sections = [
                {
                    "team": team,
                    "lines": [
                        {
                            "lead": lead,
                            "days": (now - lead.date_last_stage_update).days,
                            "url": f"{base_url}/mail/view?model=crm.lead&res_id={lead.id}",
                        }
                        for lead in leader_leads
                        if lead.team_id == team
                    ],
                }
                for team in teams
            ]
            teams_lang = teams.with_context(lang=leader.lang or self.env.lang)
            body = teams_lang.env["ir.qweb"]._render(
                "crm_pipeline.crm_stale_digest",
                {"leader": leader, "sections": sections, "count": len(leader_leads)},
                minimal_qcontext=True,
            )
            teams_lang[:1].message_notify(
                partner_ids=leader.partner_id.ids,
                body=body,
                subject=teams_lang.env._(
                    "%(count)s stale opportunities in your teams", count=len(leader_leads)
                ),
                email_layout_xmlid="mail.mail_notification_light",
            )
        params.set_param(STALE_DIGEST_DATE_PARAM, today)
