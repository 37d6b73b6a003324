# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models


class CrmCtiCall(models.Model):
    """One telephone call, as the PBX reported it or an agent logged it.

    The caller is identified once, when the call is created: its number is
    normalised to E.164 with the company's country and looked up in the suite's
    indexed phone keys of customers and leads.
    """

    _name = "crm.cti.call"
    _description = "Phone Call"
    _order = "date_start desc, id desc"
    _inherit = ["crm.parent.access.mixin"]
    _rec_name = "number"
    _crm_access_parents = {"partner_id": "read", "lead_id": "read"}
    _check_company_auto = True

    pbx_id = fields.Many2one(
        "crm.cti.pbx",
        string="PBX",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    pbx_call_ref = fields.Char(
        "PBX Call Reference",
        copy=False,
        help="Identifier the PBX gives the call; a repeated event with the same "
        "reference updates the call instead of logging it twice.",
    )
    direction = fields.Selection(
        [("in", "Incoming"), ("out", "Outgoing")],
        required=True,
        default="in",
    )
    number = fields.Char(help="The other party's number, as the PBX or the agent gave it.")
    number_e164 = fields.Char(
        "Number (E.164)",
        compute="_compute_number_e164",
        store=True,
        precompute=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        ondelete="set null",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead/Opportunity",
        index="btree_not_null",
        ondelete="set null",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        domain="[('share', '=', False)]",
    )
    extension = fields.Char(help="Extension that rang or dialled, as the PBX reported it.")
    date_start = fields.Datetime("Started", required=True, index=True, default=fields.Datetime.now)
    date_end = fields.Datetime("Ended")
    duration = fields.Integer(
        "Duration (s)",
        compute="_compute_duration",
        store=True,
        precompute=True,
        aggregator="avg",
    )
    state = fields.Selection(
        [
            ("ringing", "Ringing"),
            ("answered", "Answered"),
            ("missed", "Missed"),
            ("ended", "Ended"),
        ],
        required=True,
        default="ringing",
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "pbx_call_ref_uniq",
            "UNIQUE(pbx_id, pbx_call_ref)",
            "This PBX already reported a call with this reference.",
        ),
        (
            "date_end_after_start",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A call cannot end before it started.",
        ),
    ]

    @api.depends("number", "company_id")
    def _compute_number_e164(self):
        for call in self:
            call.number_e164 = call._cti_e164(call.number, call.company_id)

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for call in self:
            if call.date_start and call.date_end:
                call.duration = int((call.date_end - call.date_start).total_seconds())
            else:
                call.duration = 0

    @api.model_create_multi
    def create(self, vals_list):
        self._cti_identify(vals_list)
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_create_lead(self):
        """Open a new lead prefilled from an unidentified caller."""
        self.ensure_one()
        lead = self.env["crm.lead"].create(
            {
                "name": self.env._(
                    "Call from %(number)s", number=self.number or self.env._("unknown number")
                ),
                "type": "lead",
                "phone": self.number_e164 or self.number,
                "partner_id": self.partner_id.id,
                "user_id": self.user_id.id or self.env.uid,
                "company_id": self.company_id.id,
            }
        )
        self.lead_id = lead
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _cti_e164(self, number, company):
        if not number:
            return False
        country = company.country_id or self.env.ref("base.us")
        return self._phone_format_number(number, country, force_format="E164") or False

    @api.model
    def _cti_identify(self, vals_list):
        """Fill ``partner_id``, ``lead_id`` and ``user_id`` of new calls in place.

        Set-based: one grouped lookup per model and company for the whole batch,
        not one per call, so a PBX replaying a hundred events stays cheap. Values
        given explicitly are kept. Lookups run with the caller's rights.
        """
        companies = self.env["res.company"].browse(
            {vals.get("company_id") or self.env.company.id for vals in vals_list}
        )
        numbers = defaultdict(set)  # company id -> E.164 numbers to look up
        extensions = defaultdict(set)  # company id -> extensions to resolve
        prepared = []
        for vals in vals_list:
            company = companies.browse(vals.get("company_id") or self.env.company.id)
            e164 = self._cti_e164(vals.get("number"), company)
            prepared.append((vals, company.id, e164))
            if e164 and ("partner_id" not in vals or "lead_id" not in vals):
                numbers[company.id].add(e164)
            if vals.get("extension") and "user_id" not in vals:
                extensions[company.id].add(vals["extension"])

        partners, leads, agents = {}, {}, {}
        for company_id, keys in numbers.items():
            partners[company_id] = self._cti_match_phone("res.partner", keys, company_id)
            leads[company_id] = self._cti_match_phone("crm.lead", keys, company_id)
        for company_id, exts in extensions.items():
            agents[company_id] = self._cti_match_extension(exts, company_id)

        for vals, company_id, e164 in prepared:
            lead = leads.get(company_id, {}).get(e164)
            if "lead_id" not in vals and lead:
                vals["lead_id"] = lead.id
            if "partner_id" not in vals:
                partner = partners.get(company_id, {}).get(e164) or (lead and lead.partner_id)
                if partner:
                    vals["partner_id"] = partner.id
            agent = agents.get(company_id, {}).get(vals.get("extension"))
            if "user_id" not in vals and agent:
                vals["user_id"] = agent.id

    @api.model
    def _cti_match_phone(self, model, e164_numbers, company_id):
        """Map each E.164 number to the record of ``model`` it belongs to.

        Same keys as ``_crm_search_phone`` of the customer master (phone or mobile
        in E.164, both indexed), probed for all numbers at once. When several
        records share a number, a partner matches by seniority (the company
        record usually came first), a lead by recency.
        """
        Model = self.env[model]
        order = "id desc" if model == "crm.lead" else "id"
        records = Model.search(
            [
                "|",
                ("phone_e164", "in", list(e164_numbers)),
                ("mobile_e164", "in", list(e164_numbers)),
                ("company_id", "in", [company_id, False]),
            ],
            order=order,
        )
        matches = {}
        for record in records:
            for key in (record.phone_e164, record.mobile_e164):
                if key in e164_numbers:
                    matches.setdefault(key, record)
        return matches

    @api.model
    def _cti_match_extension(self, extensions, company_id):
        users = self.env["res.users"].search(
            [("cti_extension", "in", list(extensions)), ("company_id", "=", company_id)]
        )
        return {user.cti_extension: user for user in users}
