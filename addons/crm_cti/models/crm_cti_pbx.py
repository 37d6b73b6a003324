# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import secrets

from odoo import api, fields, models
from odoo.tools import consteq

CTI_MANAGER = "crm_cti.group_crm_cti_manager"


def _new_token():
    return secrets.token_urlsafe(32)


class CrmCtiPbx(models.Model):
    """A telephone system that posts call events to Odoo.

    The token is the PBX's password: only CTI managers may read or change it, and it
    is compared in constant time so its value cannot be guessed from timings.
    """

    _name = "crm.cti.pbx"
    _description = "Telephone System (PBX)"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    token = fields.Char(
        required=True,
        copy=False,
        default=lambda self: _new_token(),
        groups=CTI_MANAGER,
        help="Secret the PBX sends with every call event. Regenerate it if it leaked.",
    )
    call_count = fields.Integer(compute="_compute_call_count")

    _sql_constraints = [
        ("token_uniq", "UNIQUE(token)", "Two telephone systems cannot share a token."),
    ]

    def _compute_call_count(self):
        data = self.env["crm.cti.call"]._read_group(
            [("pbx_id", "in", self.ids)], ["pbx_id"], ["__count"]
        )
        counts = {pbx.id: count for pbx, count in data}
        for pbx in self:
            pbx.call_count = counts.get(pbx.id, 0)

    @api.model
    def _cti_authenticate(self, pbx_id, token):
        """The active PBX ``pbx_id`` if ``token`` is its secret, else an empty set.

        Meant for the event endpoint, which runs without a user session.
        """
        if not isinstance(pbx_id, int) or not isinstance(token, str) or not token:
            return self.browse()
        # sudo: crm.cti.pbx - the caller is a machine proving who it is; only the
        # matching PBX, without sudo, leaves this method.
        pbx = self.sudo().browse(pbx_id).exists()
        if not pbx or not pbx.active or not consteq(pbx.token, token):
            return self.browse()
        return self.browse(pbx.id)

    def action_regenerate_token(self):
        for pbx in self:
            pbx.token = _new_token()
        return True

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_cti.crm_cti_call_action")
        action["domain"] = [("pbx_id", "=", self.id)]
        action["context"] = {"default_pbx_id": self.id}
        return action
