# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """Stage probabilities and gated stages.

    Gated stages (``crm.stage.crm_requires_approval``): whatever the path (statusbar,
    kanban drag, RPC ``write``, ``create``, import), a salesperson who is not a pipeline
    manager does not move the lead. The write goes through without the stage, an
    approval request is persisted for the team leader (else a sales manager) and the
    user gets a notification; the client reloads and shows the lead in its old stage.
    Raising instead would roll the request back. Pipeline managers, and superuser
    code (the approval itself), move directly.
    """

    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        requested = {}
        if not self._crm_can_enter_gated_stages():
            Stage = self.env["crm.stage"]
            default_stage_id = self.env.context.get("default_stage_id")
            for index, vals in enumerate(vals_list):
                stage = Stage.browse(vals.get("stage_id", default_stage_id))
                if stage and stage.crm_requires_approval:
                    # the lead starts in the first open stage of its team instead
                    vals["stage_id"] = self._crm_ungated_stage(vals.get("team_id")).id
                    requested[index] = stage
        leads = super().create(vals_list)
        leads.browse(
            lead.id
            for lead, vals in zip(leads, vals_list, strict=True)
            if "probability" not in vals or "automated_probability" in vals
        )._crm_apply_stage_probability()
        for lead in leads:
            lead._crm_check_required_fields(lead.stage_id)
        for index, stage in requested.items():
            leads[index]._crm_check_required_fields(stage)
            self.env["crm.stage.approval"]._crm_request(leads[index], stage)
        if requested:
            self._crm_notify_held(leads.browse([leads[i].id for i in requested]))
        return leads

    def write(self, vals):
        stage_id = vals.get("stage_id")
        if not stage_id:
            return super().write(vals)
        stage = self.env["crm.stage"].browse(stage_id)
        moving = self.filtered(lambda lead: lead.stage_id.id != stage_id)
        if not moving:
            return super().write(vals)
        moving._crm_check_required_fields(stage, vals)
        held = self.browse()
        if stage.crm_requires_approval and not self._crm_can_enter_gated_stages():
            held = moving
            self.env["crm.stage.approval"]._crm_request(held, stage)
            self._crm_notify_held(held)
        result = True
        other_vals = {key: value for key, value in vals.items() if key != "stage_id"}
        if held and other_vals:
            result = super(CrmLead, held).write(other_vals)
        rest = self - held
        if not rest:
            return result
        if "probability" in vals or stage.is_won:
            # explicit probability, or crm's own won handling (100%)
            return super(CrmLead, rest).write(vals)
        team = self.env["crm.team"].browse(vals["team_id"]) if "team_id" in vals else None
        fixed = rest.filtered(
            lambda lead: lead.active
            and (team if team is not None else lead.team_id).crm_probability_mode == "stage"
        )
        if fixed:
            result = super(CrmLead, fixed).write(
                {**vals, "probability": stage.crm_stage_probability}
            )
        if rest - fixed:
            result = super(CrmLead, rest - fixed).write(vals)
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _crm_can_enter_gated_stages(self):
        return self.env.su or self.env.user.has_group("crm_pipeline.group_crm_pipeline_manager")

    def _crm_ungated_stage(self, team_id):
        """First open stage of the team's own pipeline, else of the shared stages."""
        stages = self.env["crm.stage"].search(
            [
                ("crm_requires_approval", "=", False),
                ("is_won", "=", False),
                "|",
                ("team_id", "=", False),
                ("team_id", "=", team_id or False),
            ],
            order="sequence, id",
        )
        return stages.filtered(lambda stage: team_id and stage.team_id.id == team_id)[:1] or stages[:1]

    def _crm_apply_stage_probability(self):
        """Set the fixed probability of their stage on the leads of 'stage' teams."""
        by_probability = defaultdict(list)
        for lead in self:
            if (
                lead.active
                and lead.stage_id
                and not lead.stage_id.is_won
                and lead.team_id.crm_probability_mode == "stage"
                and lead.probability != lead.stage_id.crm_stage_probability
            ):
                by_probability[lead.stage_id.crm_stage_probability].append(lead.id)
        for probability, lead_ids in by_probability.items():
            # plain write of the probability: no stage in vals, no gate involved
            self.browse(lead_ids).write({"probability": probability})

    def _crm_check_required_fields(self, stage, vals=None):
        """Refuse to enter ``stage`` when its required fields are empty on a lead.

        :param dict vals: values written together with the stage, checked first
        """
        names = stage._crm_required_fields() if stage else []
        if not names:
            return
        vals = vals or {}
        for lead in self:
            # sudo: crm.lead - a required field may be restricted to some groups; only
            # its emptiness is checked, its value is not shown
            lead_sudo = lead.sudo()
            missing = [
                lead._fields[name].get_description(self.env)["string"]
                for name in names
                if not (vals[name] if name in vals else lead_sudo[name])
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "%(lead)s cannot enter the stage %(stage)s: fill in %(fields)s first.",
                        lead=lead.name,
                        stage=stage.name,
                        fields=", ".join(missing),
                    )
                )

    def _crm_notify_held(self, leads):
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "warning",
                "title": self.env._("Approval requested"),
                "message": self.env._(
                    "%(leads)s stays in its stage until the move is approved.",
                    leads=", ".join(leads.mapped("name")),
                ),
            },
        )

    def _prepare_stage_history_values(self, stage_from, date_from, date_to):
        values = super()._prepare_stage_history_values(stage_from, date_from, date_to)
        approval_id = self.env.context.get("crm_stage_approval_id")
        if not approval_id:
            return values
        approval = self.env["crm.stage.approval"].sudo().browse(approval_id).exists()
        # only the approval being applied to this very lead and stage labels the move
        if approval and approval.lead_id == self and approval.stage_to_id == self.stage_id:
            values.update({"kind": "approved", "approval_id": approval.id})
        return values
