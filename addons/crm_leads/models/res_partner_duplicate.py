# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..tools.normalize import core_company_name, normalize_company_name


class ResPartner(models.Model):
    """Duplicate keys of partners and their collision check."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.collision.mixin"]

    # Stored by mail.thread.blacklist but not indexed on res.partner.
    email_normalized = fields.Char(index="btree_not_null")
    company_name_key = fields.Char(
        compute="_compute_company_name_key",
        store=True,
        index=True,
        help="Name of the customer company (the partner itself or its parent) "
        "without case, punctuation or legal form.",
    )

    company_name_core = fields.Char(
        compute="_compute_company_name_key",
        store=True,
        index="btree_not_null",
        help="Distinctive part of the company name (no city, trade or legal form): "
        "names with the same core, or a core one typo away, are near names.",
    )

    @api.depends("commercial_company_name")
    def _compute_company_name_key(self):
        for partner in self:
            partner.company_name_key = normalize_company_name(partner.commercial_company_name)
            partner.company_name_core = core_company_name(partner.commercial_company_name)

    # ------------------------------------------------------------
    # COLLISION HOOKS
    # ------------------------------------------------------------

    def _crm_match_depends(self):
        return super()._crm_match_depends() + ["email", "commercial_partner_id"]

    def _crm_match_values(self):
        values = super()._crm_match_values()
        values["email"] = self.email
        return values

    def _crm_match_is_self(self, partners, leads):
        """This partner, its company and colleagues, and their leads."""
        own_partners, own_leads = super()._crm_match_is_self(partners, leads)
        family = self.commercial_partner_id._origin.id or self._origin.id
        own_partners |= partners.filtered(
            lambda p: p.id == self._origin.id or p.commercial_partner_id.id == family
        )
        own_leads |= leads.filtered(
            lambda lead: lead.partner_id and lead.partner_id.commercial_partner_id.id == family
        )
        return own_partners, own_leads

    def _crm_collision_team(self):
        # res.partner.team_id is added by the sale addon, not a dependency here.
        team = self["team_id"] if "team_id" in self._fields else False
        return team or super()._crm_collision_team()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_crm_merge_partner_matches(self):
        """Odoo's contact merge wizard with this partner and its matches."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_partner_merge")
        action["name"] = self.env._("Merge Duplicates")
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": (self | self.crm_match_partner_ids).ids,
        }
        return action
