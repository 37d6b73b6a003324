# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    stage_history_count = fields.Integer(
        compute="_compute_stage_history_count",
        groups="crm_pipeline.group_crm_pipeline_user",
    )

    def _compute_stage_history_count(self):
        data = self.env["crm.lead.stage.history"]._read_group(
            [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
        )
        counts = {lead.id: count for lead, count in data}
        for lead in self:
            lead.stage_history_count = counts.get(lead.id, 0)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        staged = leads.filtered("stage_id")
        if staged:
            staged._log_stage_moves({})
        return leads

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        moved = self.filtered(lambda lead: lead.stage_id.id != vals["stage_id"])
        entered = moved._get_stage_entry_dates()
        previous = {lead.id: (lead.stage_id, entered[lead.id]) for lead in moved}
        result = super().write(vals)
        if moved:
            moved._log_stage_moves(previous)
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_stage_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pipeline.crm_lead_stage_history_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"search_default_lead_id": self.id}
        action["view_mode"] = "list,pivot,graph"
        action["views"] = [(False, "list"), (False, "pivot"), (False, "graph")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_stage_entry_dates(self):
        """When each lead entered its current stage: its last logged move, else (leads
        older than this module, or never logged) crm's ``date_last_stage_update``.

        The history is the better source: crm resets ``date_last_stage_update`` on every
        lead of a batch write even when only some of them change stage.
        """
        if not self:
            return {}
        # sudo: crm.lead.stage.history - the writer needs no right on the log to move a lead
        data = (
            self.env["crm.lead.stage.history"]
            .sudo()
            ._read_group(
                # a rejected approval request is logged but the lead did not move
                [("lead_id", "in", self.ids), ("kind", "!=", "rejected")],
                ["lead_id"],
                ["date_to:max"],
            )
        )
        last_moves = {lead.id: date_to for lead, date_to in data}
        return {
            lead.id: last_moves.get(lead.id) or lead.date_last_stage_update or lead.create_date
            for lead in self
        }

    def _log_stage_moves(self, previous):
        """Create the history rows of ``self`` in one batch.

        :param dict previous: lead id -> (stage left, when it was entered); leads that are
            missing are logged as entering their first stage.
        """
        now = self.env.cr.now()
        vals_list = []
        for lead in self:
            stage_from, date_from = previous.get(lead.id, (self.env["crm.stage"], now))
            vals_list.append(lead._prepare_stage_history_values(stage_from, date_from, now))
        # sudo: crm.lead.stage.history - the log is written by the system only; users
        # have read access and must not be able to forge or edit moves
        return self.env["crm.lead.stage.history"].sudo().create(vals_list)

    def _prepare_stage_history_values(self, stage_from, date_from, date_to):
        self.ensure_one()
        duration = (date_to - date_from).total_seconds() / 86400.0 if date_from else 0.0
        return {
            "lead_id": self.id,
            "team_id": self.team_id.id,
            "user_id": self.user_id.id,
            "stage_from_id": stage_from.id,
            "stage_to_id": self.stage_id.id,
            "date_from": date_from,
            "date_to": date_to,
            "duration": max(duration, 0.0),
            "moved_by_id": self.env.uid,
            "company_id": self.company_id.id,
        }
