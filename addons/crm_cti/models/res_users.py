# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

CTI_STATUSES = [
    ("offline", "Signed out"),
    ("available", "Available"),
    ("busy", "Busy"),
    ("acw", "After-call work"),
    ("away", "Away"),
]


class ResUsers(models.Model):
    _inherit = "res.users"

    cti_extension = fields.Char(
        "Phone Extension",
        copy=False,
        index="btree_not_null",
        help="Extension of the user's desk phone on the PBX: calls ringing there "
        "are logged for this user.",
    )
    cti_status = fields.Selection(
        CTI_STATUSES, string="Phone Status", default="offline", copy=False, required=True
    )
    cti_status_since = fields.Datetime("Phone Status Since", copy=False)
    cti_current_call_id = fields.Many2one(
        "crm.cti.call",
        string="Current Call",
        compute="_compute_cti_current_call_id",
    )

    _sql_constraints = [
        (
            "cti_extension_company_uniq",
            "UNIQUE(company_id, cti_extension)",
            "Two users of the same company cannot share a phone extension.",
        ),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + [
            "cti_extension",
            "cti_status",
            "cti_status_since",
            "cti_current_call_id",
        ]

    def _compute_cti_current_call_id(self):
        # sudo: crm.cti.call - an agent's own live call, read for the status board
        # and the agent's systray; only its id leaves
        calls = (
            self.env["crm.cti.call"]
            .sudo()
            .search(
                [("user_id", "in", self.ids), ("state", "in", ("answered", "held"))],
                order="date_answer desc, id desc",
            )
        )
        current = {}
        for call in calls:
            current.setdefault(call.user_id.id, call.id)
        for user in self:
            user.cti_current_call_id = current.get(user.id, False)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def cti_set_status(self, status):
        """Set the current user's phone status (the systray calls it).

        Closes the running period of the status log and opens the next one,
        pauses the agent's queue member when not available (Asterisk), and tells
        the supervisors' board. Only the user's own row is written.
        """
        if status not in dict(CTI_STATUSES):
            raise UserError(self.env._("Unknown phone status %(status)s.", status=status))
        user = self.env.user
        if status != "offline" and not user.cti_extension:
            raise UserError(
                self.env._("Set your phone extension in your preferences before signing in.")
            )
        # sudo: res.users - users may not write their own status fields through the
        # ACL; this method writes only the current user's and validated the value
        user_su = user.sudo()
        if user_su.cti_status == status:
            return {"status": status, "since": fields.Datetime.to_string(user_su.cti_status_since)}
        now = fields.Datetime.now()
        user._cti_log_status(status, now)
        user_su.write({"cti_status": status, "cti_status_since": now})
        pbxs = (
            self.env["crm.cti.pbx"]
            .sudo()
            .search(  # sudo: queue credentials
                [("company_id", "=", user.company_id.id), ("provider", "=", "asterisk_ami")]
            )
        )
        if pbxs:
            pbxs._cti_queue_pause(user, status != "available")
        user._cti_notify_status()
        return {"status": status, "since": fields.Datetime.to_string(now)}

    def _cti_log_status(self, status, now):
        """Close the user's open status period and open the next one."""
        self.ensure_one()
        # sudo: crm.cti.agent.status.log - written only here, for the current user
        Log = self.env["crm.cti.agent.status.log"].sudo()
        open_logs = Log.search([("user_id", "=", self.id), ("date_end", "=", False)])
        for log in open_logs:
            log.date_end = max(now, log.date_start)
        if status != "offline":
            Log.create(
                {
                    "user_id": self.id,
                    "company_id": self.company_id.id,
                    "status": status,
                    "date_start": now,
                }
            )

    def _cti_notify_status(self):
        """Tell the supervisors' live board (the CTI managers' group channel)."""
        group = self.env.ref("crm_cti.group_crm_cti_manager")
        for user in self:
            user_su = user.sudo()
            group._bus_send(
                "crm_cti/status",
                {
                    "user_id": user.id,
                    "status": user_su.cti_status,
                    "since": fields.Datetime.to_string(user_su.cti_status_since),
                    "call_id": user_su.cti_current_call_id.id or False,
                },
            )
