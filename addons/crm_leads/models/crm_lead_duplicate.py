# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import create_index

from ..tools.normalize import core_company_name, normalize_company_name


class CrmLead(models.Model):
    """Duplicate keys of leads and their collision check (crm.collision.mixin)."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.collision.mixin"]

    company_name_key = fields.Char(
        compute="_compute_company_name_key",
        store=True,
        index=True,
        help="Company name without case, punctuation or legal form, used to find "
        "the same customer typed another way.",
    )

    company_name_core = fields.Char(
        compute="_compute_company_name_key",
        store=True,
        index="btree_not_null",
        help="Distinctive part of the company name (no city, trade or legal form): "
        "names with the same core, or a core one typo away, are near names.",
    )

    @api.depends("partner_name")
    def _compute_company_name_key(self):
        for lead in self:
            lead.company_name_key = normalize_company_name(lead.partner_name)
            lead.company_name_core = core_company_name(lead.partner_name)

    def _auto_init(self):
        res = super()._auto_init()
        # Exact-key lookups (= ANY(array)) are btree probes; Odoo's own index on
        # email_normalized is a trigram GIN, which cannot serve them.
        create_index(
            self.env.cr,
            "crm_lead_email_normalized_btree_index",
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )
        return res

    # ------------------------------------------------------------
    # COLLISION HOOKS
    # ------------------------------------------------------------

    def _crm_match_depends(self):
        return super()._crm_match_depends() + ["email_from"]

    def _crm_match_values(self):
        values = super()._crm_match_values()
        values["email_from"] = self.email_from
        return values

    def _crm_match_is_self(self, partners, leads):
        own_partners, own_leads = super()._crm_match_is_self(partners, leads)
        return own_partners, own_leads | leads.filtered(lambda lead: lead.id == self._origin.id)

    def _crm_collision_team(self):
        return self.team_id or super()._crm_collision_team()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_crm_merge_matches(self):
        """Odoo's merge wizard with this lead and its matching leads preselected."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.action_merge_opportunities")
        action["name"] = self.env._("Merge Duplicates")
        action["context"] = {
            "active_model": "crm.lead",
            "active_ids": (self | self.crm_match_lead_ids).ids,
        }
        return action
