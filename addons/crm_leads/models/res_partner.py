# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, mute_logger

from .crm_contact_policy import CUSTOMER_TYPES, LEVELS

_logger = logging.getLogger(__name__)

# Partners per cron batch. The crons store the due date each activity was made
# for (crm_*_activity_date) and skip partners whose marker equals the due date,
# so a run never creates a second activity for the same due date.
CRON_BATCH_SIZE = 1000
DATE_MIN = date(1900, 1, 1)
# Lines per section of a caller card (the agent glances at it while the phone rings).
CALLER_CARD_LINES = 5


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.contact.key.mixin", "crm.link.guard.mixin"]

    # ------------------------------------------------------------
    # FIELDS: company customers
    # ------------------------------------------------------------

    # unique constraint below doubles as the lookup index
    crm_customer_code = fields.Char(
        "Customer Code", readonly=True, copy=False, help="Assigned when a company is created."
    )
    crm_short_name = fields.Char("Short Name", help="Mnemonic name used by the sales team.")
    crm_customer_type = fields.Selection(CUSTOMER_TYPES, "Customer Type", tracking=True)
    crm_value_level = fields.Selection(LEVELS, "Value Level", tracking=True)
    crm_credit_rating = fields.Selection(LEVELS, "Credit Rating")
    crm_relationship_level = fields.Selection(
        [("close", "Close"), ("good", "Good"), ("normal", "Normal"), ("poor", "Poor")],
        "Relationship",
    )
    crm_lifecycle_stage = fields.Selection(
        [
            ("presales", "Pre-sales Tracking"),
            ("contract", "Contract Execution"),
            ("aftersales", "After-sales"),
            ("expired", "Contract Expired"),
        ],
        "Lifecycle Stage",
        tracking=True,
    )
    crm_headcount = fields.Integer("Headcount")
    crm_source_id = fields.Many2one("utm.source", "Source", ondelete="set null")
    crm_shared_user_ids = fields.Many2many(
        "res.users",
        "res_partner_crm_shared_user_rel",
        "partner_id",
        "user_id",
        string="Shared With",
        domain=[("share", "=", False)],
        help="Salespeople who see and work on this customer besides its owner.",
    )
    crm_owner_date = fields.Date(
        "Owned Since", readonly=True, copy=False, help="Date the current owner got the customer."
    )
    crm_in_pool = fields.Boolean(
        "In Public Pool",
        readonly=True,
        copy=False,
        index=True,
        help="Released customer without owner; any salesperson may claim it.",
    )
    crm_pool_date = fields.Datetime("Released to Pool On", readonly=True, copy=False)
    # The customer's owner and pool flag copied on each of its contacts, so that the
    # record rules test a column of the row instead of ``commercial_partner_id IN
    # (SELECT id FROM res_partner WHERE user_id IS NULL)``: PostgreSQL hashes that
    # subquery over every unowned partner, 0.8 s per search at 1,000,000 partners.
    crm_customer_user_id = fields.Many2one(
        related="commercial_partner_id.user_id",
        string="Customer Owner",
        store=True,
        index=True,
    )
    crm_customer_in_pool = fields.Boolean(
        related="commercial_partner_id.crm_in_pool",
        string="Customer In Public Pool",
        store=True,
        index=True,
    )
    crm_owner_log_ids = fields.One2many("crm.partner.owner.log", "partner_id", "Ownership History")
    crm_relation_left_ids = fields.One2many("crm.company.relation", "left_partner_id", "Relations")
    crm_relation_right_ids = fields.One2many(
        "crm.company.relation", "right_partner_id", "Relations (other side)"
    )

    # ------------------------------------------------------------
    # FIELDS: contacts
    # ------------------------------------------------------------

    # Labels distinct from hr's gender/department_id, which res.users also gets
    # (it inherits the partner's fields); the contact form shows them shorter.
    crm_gender = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("other", "Other")], "Contact Gender"
    )
    crm_importance = fields.Selection(
        [
            ("very_important", "Very Important"),
            ("important", "Important"),
            ("normal", "Normal"),
            ("unimportant", "Unimportant"),
            ("invalid", "Invalid"),
        ],
        "Importance",
    )
    crm_department = fields.Char("Contact Department")
    crm_birthday = fields.Date("Birthday")
    crm_birthday_key = fields.Integer(
        "Birthday (MMDD)",
        compute="_compute_crm_birthday_key",
        store=True,
        index="btree_not_null",
        help="Month and day of the birthday as MMDD, to find birthdays whatever the year.",
    )
    crm_birthday_this_week = fields.Boolean(
        "Birthday This Week",
        compute="_compute_crm_birthday_this_week",
        search="_search_crm_birthday_this_week",
    )
    crm_birthday_activity_year = fields.Integer(readonly=True, copy=False)
    crm_hobbies = fields.Char("Hobbies")
    crm_wechat = fields.Char("WeChat")
    crm_qq = fields.Char("QQ")
    crm_reports_to_id = fields.Many2one(
        "res.partner",
        "Reports To",
        index="btree_not_null",
        domain="[('id', '!=', id), ('is_company', '=', False)]",
        ondelete="set null",
    )

    # ------------------------------------------------------------
    # FIELDS: staying in touch
    # ------------------------------------------------------------

    crm_last_contact_date = fields.Date(
        "Last Contact",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Latest call, e-mail, meeting, done activity or other business event "
        "with this customer or its contacts.",
    )
    crm_revisit_days = fields.Integer(
        "Revisit Every (days)",
        help="Overrides the contact policy for this customer. 0 uses the policy.",
    )
    crm_next_contact_date = fields.Date(
        "Next Contact",
        compute="_compute_crm_contact_dates",
        store=True,
        index="btree_not_null",
    )
    crm_dormant_date = fields.Date(
        "Dormant From",
        compute="_compute_crm_contact_dates",
        store=True,
        index="btree_not_null",
    )
    crm_revisit_activity_date = fields.Date(readonly=True, copy=False)
    crm_dormant_activity_date = fields.Date(readonly=True, copy=False)
    crm_pool_due_date = fields.Date(
        "Returns to Pool On", readonly=True, copy=False, index="btree_not_null"
    )
    crm_lead_count = fields.Integer("Leads", compute="_compute_crm_lead_count")
    crm_history_message_ids = fields.Many2many(
        "mail.message", string="Contact History", compute="_compute_crm_history_message_ids"
    )

    _sql_constraints = [
        ("crm_customer_code_unique", "UNIQUE(crm_customer_code)", "Customer codes are unique."),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("crm_birthday")
    def _compute_crm_birthday_key(self):
        for partner in self:
            birthday = partner.crm_birthday
            partner.crm_birthday_key = birthday.month * 100 + birthday.day if birthday else 0

    def _compute_crm_birthday_this_week(self):
        keys = set(self._crm_birthday_keys_this_week())
        for partner in self:
            partner.crm_birthday_this_week = partner.crm_birthday_key in keys

    def _search_crm_birthday_this_week(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Operation not supported"))
        domain = [("crm_birthday_key", "in", self._crm_birthday_keys_this_week())]
        return (
            domain
            if (operator == "=") == bool(value)
            else expression.distribute_not(["!"] + domain)
        )

    @api.model
    def _crm_birthday_keys_this_week(self):
        today = fields.Date.context_today(self)
        monday = today - timedelta(days=today.weekday())
        return self._crm_birthday_keys(monday, 7)

    @api.model
    def _crm_birthday_keys(self, start, days):
        """MMDD keys of ``days`` days from ``start``; 29 February counts on the
        28th in common years."""
        keys = []
        for offset in range(days):
            day = start + timedelta(days=offset)
            keys.append(day.month * 100 + day.day)
            if day.month == 2 and day.day == 28 and (day + timedelta(days=1)).month == 3:
                keys.append(229)
        return keys

    def _crm_is_customer_entity(self):
        self.ensure_one()
        return self.is_company or not self.parent_id

    @api.depends(
        "crm_last_contact_date",
        "crm_owner_date",
        "crm_revisit_days",
        "crm_customer_type",
        "crm_value_level",
        "company_id",
        "parent_id",
        "is_company",
    )
    def _compute_crm_contact_dates(self):
        entities = self.filtered(lambda p: p._crm_is_customer_entity())
        policies = self.env["crm.contact.policy"]._crm_policy_for(entities)
        today = fields.Date.context_today(self)
        for partner in self:
            policy = policies.get(partner.id)
            if partner not in entities or (not policy and not partner.crm_revisit_days):
                partner.crm_next_contact_date = partner.crm_dormant_date = False
                continue
            # The clock restarts when the customer is contacted or changes owner.
            base = max(
                partner.crm_last_contact_date or DATE_MIN,
                partner.crm_owner_date or DATE_MIN,
            )
            if base == DATE_MIN:
                base = partner.create_date.date() if partner.create_date else today
            revisit = partner.crm_revisit_days or (policy.revisit_days if policy else 0)
            partner.crm_next_contact_date = base + timedelta(days=revisit) if revisit else False
            partner.crm_dormant_date = (
                base + timedelta(days=policy.dormant_days)
                if policy and policy.dormant_days
                else False
            )

    def _compute_crm_lead_count(self):
        self.crm_lead_count = 0
        if not self.env.user._has_group("sales_team.group_sale_salesman") or not self.ids:
            return
        family = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        data = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("partner_id", "in", family.ids), ("type", "=", "lead")],
                ["partner_id"],
                ["__count"],
            )
        )
        own_ids = set(self.ids)
        for partner, count in data:
            # add the count to the partner and every ancestor displayed
            while partner:
                if partner.id in own_ids:
                    partner.crm_lead_count += count
                partner = partner.parent_id

    def _compute_crm_history_message_ids(self):
        # Only the form shows it, one record at a time.
        for partner in self:
            partner.crm_history_message_ids = (
                partner._crm_history_messages() if partner.id else False
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        # sudo: ir.sequence - any user creating a company gets the next code
        sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            is_company = vals.get("is_company") or vals.get("company_type") == "company"
            if is_company and not vals.get("crm_customer_code"):
                vals["crm_customer_code"] = sequence.next_by_code("res.partner.crm.customer.code")
            if vals.get("user_id"):
                vals.setdefault("crm_owner_date", today)
        partners = super().create(vals_list)
        owned = partners.filtered(lambda p: p.user_id and p._crm_is_customer_entity())
        if owned:
            self.env["crm.partner.owner.log"].sudo().create(
                [
                    {"partner_id": p.id, "new_user_id": p.user_id.id, "reason": "create"}
                    for p in owned
                ]
            )
        return partners

    def write(self, vals):
        if "user_id" not in vals or self.env.context.get("crm_owner_sync"):
            return super().write(vals)
        new_user = self.env["res.users"].browse(vals["user_id"] or [])
        changed = self.filtered(lambda p: p.user_id != new_user)
        old_owners = {partner.id: partner.user_id for partner in changed}
        vals = dict(vals)
        if changed:
            vals.setdefault("crm_owner_date", fields.Date.context_today(self))
            vals.setdefault("crm_pool_due_date", False)
            if new_user:
                vals.setdefault("crm_in_pool", False)
        res = super().write(vals)
        entities = changed.filtered(lambda p: p._crm_is_customer_entity())
        if entities:
            reason = self.env.context.get("crm_owner_reason", "manual")
            # sudo: crm.partner.owner.log - the log is written by the system, never by users
            self.env["crm.partner.owner.log"].sudo().create(
                [
                    {
                        "partner_id": p.id,
                        "old_user_id": old_owners[p.id].id,
                        "new_user_id": new_user.id,
                        "reason": reason,
                    }
                    for p in entities
                ]
            )
            # Contacts that followed the previous owner follow the new one.
            children = self.with_context(active_test=False).search(
                [("parent_id", "in", entities.ids), ("is_company", "=", False)]
            )
            followers = children.filtered(
                lambda c: c.user_id == old_owners.get(c.parent_id.id) and c.user_id != new_user
            )
            if followers:
                followers.sudo().with_context(crm_owner_sync=True).write({"user_id": new_user.id})
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_crm_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = [("partner_id", "child_of", self.ids), ("type", "=", "lead")]
        action["context"] = {"default_partner_id": self.id, "default_type": "lead"}
        return action

    def action_crm_release_to_pool(self):
        """Put customers back in the public pool (owner cleared, logged)."""
        if not self.env.user._has_group("crm_leads.group_crm_leads_manager"):
            raise UserError(self.env._("Only sales managers can release customers to the pool."))
        self._crm_release_to_pool()

    def action_crm_claim(self):
        """Take customers from the public pool, within the daily claim limit."""
        user = self.env.user
        if not user._has_group("crm_leads.group_crm_leads_user"):
            raise UserError(self.env._("Only salespeople can claim customers."))
        # Lock the rows so that two salespeople cannot claim the same customer.
        self.env.execute_query(
            SQL("SELECT id FROM res_partner WHERE id IN %s FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(["crm_in_pool", "user_id"])
        taken = self.filtered(lambda p: not p.crm_in_pool)
        if taken:
            raise UserError(
                self.env._(
                    "%(customers)s is no longer in the public pool.",
                    customers=", ".join(taken.mapped("display_name")),
                )
            )
        limit = user.company_id.crm_pool_claim_limit
        if limit:
            today_start = datetime.combine(fields.Date.context_today(self), time.min)
            # sudo: crm.partner.owner.log - counting the user's own claims of the day
            claimed = (
                self.env["crm.partner.owner.log"]
                .sudo()
                .search_count(
                    [
                        ("changed_by_id", "=", user.id),
                        ("reason", "=", "claim"),
                        ("date", ">=", today_start),
                    ]
                )
            )
            if claimed + len(self) > limit:
                raise UserError(
                    self.env._(
                        "You may claim %(limit)s customers per day from the pool; "
                        "you already claimed %(count)s today.",
                        limit=limit,
                        count=claimed,
                    )
                )
        # sudo: res.partner - reps read pool customers but may only take them through
        # this action, which checked the pool flag and the limit above
        self.sudo().with_context(crm_owner_reason="claim").write(
            {"user_id": user.id, "crm_in_pool": False, "crm_pool_date": False}
        )
        return True

    # ------------------------------------------------------------
    # BUSINESS: last contact (extension hook)
    # ------------------------------------------------------------

    def _crm_register_contact(self, contact_date=None):
        """Record a contact with these partners on ``contact_date`` (default today).

        Any addon calls it when something happens with a customer: a call, an
        e-mail, a meeting, an order, an invoice, a service visit. The date is kept
        on the partners and on their commercial partners when it is newer than the
        one stored; dates in the future count as today.
        """
        today = fields.Date.context_today(self)
        if isinstance(contact_date, datetime):
            contact_date = fields.Date.context_today(self, timestamp=contact_date)
        contact_date = min(fields.Date.to_date(contact_date) or today, today)
        # sudo: res.partner - whoever talks to a customer updates its last-contact
        # date, even without write access to the customer (e.g. a technician)
        partners = (self | self.commercial_partner_id).sudo()
        todo = partners.filtered(
            lambda p: not p.crm_last_contact_date or p.crm_last_contact_date < contact_date
        )
        if todo:
            todo._crm_write_contact_date(contact_date)
        return todo

    def _crm_write_contact_date(self, contact_date):
        """Write the last-contact date unless another transaction holds these rows.

        Many writers share a customer (calls, invoices, orders of one company at once):
        under REPEATABLE READ a second writer of the same row would fail its whole
        request. The date is a "most recent" marker that the other writer is setting
        too, so when the rows are locked or changed meanwhile it is skipped, like
        Odoo's own ``_increase_rank``, and the caller's transaction goes on."""
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                        tuple(self.ids),
                    )
                )
                self.write({"crm_last_contact_date": contact_date, "crm_pool_due_date": False})
                self.flush_recordset(["crm_last_contact_date", "crm_pool_due_date"])
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            self.invalidate_recordset(["crm_last_contact_date", "crm_pool_due_date"])
            _logger.debug("Last-contact date of %s skipped: rows locked by another writer", self)

    def _crm_contact_partners(self):
        return self

    def _crm_history_documents(self):
        """(model, ids) pairs whose messages make up the contact history of these
        partners; other addons add their documents (orders, service orders)."""
        family = self.with_context(active_test=False).search(
            [("id", "child_of", self.commercial_partner_id.ids)]
        )
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("partner_id", "in", family.ids)])
        )
        return [("res.partner", family.ids), ("crm.lead", leads.ids)]

    def _crm_history_messages(self, limit=80):
        document_domains = [
            [("model", "=", model), ("res_id", "in", ids)]
            for model, ids in self._crm_history_documents()
            if ids
        ]
        if not document_domains:
            return self.env["mail.message"]
        domain = expression.AND(
            [
                expression.OR(document_domains),
                [
                    "|",
                    ("message_type", "in", ("email", "comment")),
                    ("mail_activity_type_id", "!=", False),
                ],
            ]
        )
        return self.env["mail.message"].search(domain, limit=limit, order="date desc, id desc")

    @api.model
    def _crm_recompute_contact_dates(self, domain):
        """Recompute the next-contact and dormant dates of customers matching
        ``domain`` (a contact policy changed)."""
        partners = self.with_context(active_test=False).search(
            expression.AND([domain, [("parent_id", "=", False)]])
        )
        fnames = ["crm_next_contact_date", "crm_dormant_date"]
        self.env.add_to_compute(self._fields["crm_next_contact_date"], partners)
        self.env.add_to_compute(self._fields["crm_dormant_date"], partners)
        partners.flush_recordset(fnames)

    # ------------------------------------------------------------
    # BUSINESS: caller card (extension hook)
    # ------------------------------------------------------------

    def _crm_caller_card(self):
        """The caller cards of these partners, one dict per partner the current
        user may read (the others are left out, silently).

        A card shows who is calling - name, company, owner, customer type and
        value level, phone numbers - and the sections of
        ``_crm_caller_card_sections()``. Everything is read with the current
        user's rights, in a number of queries that does not grow with the number
        of partners or of their documents.
        """
        partners = self._filtered_access("read")
        if not partners:
            return []
        customers = partners.commercial_partner_id._filtered_access("read")
        type_labels = dict(self._fields["crm_customer_type"]._description_selection(self.env))
        level_labels = dict(self._fields["crm_value_level"]._description_selection(self.env))
        sections = partners._crm_caller_card_sections()
        cards = []
        for partner in partners:
            customer = partner.commercial_partner_id & customers
            cards.append(
                {
                    "id": partner.id,
                    "name": partner.name or partner.display_name,
                    "is_company": partner.is_company,
                    "company": customer.name if customer and customer != partner else False,
                    "company_id": customer.id if customer and customer != partner else False,
                    "owner": (customer or partner).user_id.name or False,
                    "customer_type": type_labels.get(customer.crm_customer_type, False),
                    "value_level": level_labels.get(customer.crm_value_level, False),
                    "phone": partner.phone or False,
                    "mobile": partner.mobile or False,
                    "email": partner.email or False,
                    "sections": sections.get(partner.id, []),
                }
            )
        return cards

    def _crm_caller_card_sections(self):
        """Sections of the caller cards of these partners (extension hook).

        Returns ``{partner_id: [section, ...]}``; a section is a dict
        ``{"key", "title", "lines": [{"label", "value", "res_model", "res_id"}],
        "actions": [{"label", "action"}]}`` where ``action`` is the xml id of an
        action (opened with the partner as active record and ``default_partner_id``)
        or the name of a public method of ``res.partner`` the card calls on the
        partner (it returns the action to open). Overrides call ``super()``, read with the current
        user's rights and append their sections, batched over ``self``: the
        helper ``_crm_caller_card_records`` gives the first lines of a model per
        customer in one query. Sections without lines nor actions are not shown.
        """
        sections = {partner.id: [] for partner in self}
        Lead = self.env["crm.lead"]
        if not Lead.has_access("read"):
            return sections
        per_customer = self._crm_caller_card_records(
            "crm.lead",
            [
                ("type", "=", "opportunity"),
                "|",
                ("stage_id", "=", False),
                ("stage_id.is_won", "=", False),
            ],
            "priority desc, id desc",
        )
        for partner in self:
            leads, count = per_customer.get(partner.commercial_partner_id.id, (Lead, 0))
            if not count:
                continue
            lines = [
                {
                    "label": lead.name,
                    "value": lead.stage_id.name or "",
                    "res_model": "crm.lead",
                    "res_id": lead.id,
                }
                for lead in leads
            ]
            sections[partner.id].append(
                {
                    "key": "opportunities",
                    "title": self.env._("Open Opportunities (%(count)s)", count=count),
                    "lines": lines,
                    "actions": [],
                }
            )
        return sections

    def _crm_caller_card_records(
        self, model, domain, order, partner_field="partner_id", limit=CALLER_CARD_LINES
    ):
        """The first ``limit`` records of ``model`` (in ``order``) of each customer
        of these partners, and how many there are.

        Returns ``{commercial_partner_id: (records, count)}``, where a record
        belongs to the customer of its ``partner_field``. One query whatever the
        number of customers, with the current user's record rules (the window is
        ranked over the readable records only).
        """
        Model = self.env[model]
        customers = self.commercial_partner_id
        if not customers:
            return {}
        query = Model._search(
            expression.AND(
                [domain, [(f"{partner_field}.commercial_partner_id", "in", customers.ids)]]
            )
        )
        if query.is_empty():
            return {}
        order_sql = Model._order_to_sql(order, query)
        query.order = None
        alias = query.join(Model._table, partner_field, "res_partner", "id", "crm_card_partner")
        customer_col = SQL.identifier(alias, "commercial_partner_id")
        ranked = query.select(
            SQL("%s AS id", SQL.identifier(Model._table, "id")),
            SQL("%s AS customer_id", customer_col),
            SQL("row_number() OVER (PARTITION BY %s ORDER BY %s) AS rank", customer_col, order_sql),
            SQL("count(*) OVER (PARTITION BY %s) AS total", customer_col),
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT id, customer_id, total FROM (%s) AS ranked WHERE rank <= %s "
                "ORDER BY customer_id, rank",
                ranked,
                limit,
            )
        )
        # one prefetch set for all customers: reading the lines is one query too
        prefetch = tuple(row[0] for row in rows)
        ids, totals = defaultdict(list), {}
        for record_id, customer_id, total in rows:
            ids[customer_id].append(record_id)
            totals[customer_id] = total
        return {
            customer_id: (Model.browse(record_ids).with_prefetch(prefetch), totals[customer_id])
            for customer_id, record_ids in ids.items()
        }

    # ------------------------------------------------------------
    # BUSINESS: entitlement
    # ------------------------------------------------------------

    def _crm_entitled_groups(self):
        """Groups whose members are entitled to every customer (extension hook: the
        finance figures add accounting)."""
        return ["crm_leads.group_crm_leads_manager", "sales_team.group_sale_manager"]

    def _crm_filter_entitled(self):
        """The partners whose customer the user is entitled to: its owner, a user it
        is shared with, the leader of the owner's team, or a manager.

        Stricter than reading: salespeople read customers without owner, the pool's
        and, without this suite's groups, every customer; figures such as
        receivables go to the entitled only.
        """
        user = self.env.user
        if self.env.su or any(user.has_group(xmlid) for xmlid in self._crm_entitled_groups()):
            return self
        # sudo: res.partner - the owner and sharing of customers the user may not read
        # are only compared with the user here
        return self.filtered(
            lambda partner: (customer := partner.sudo().commercial_partner_id).user_id == user
            or user in customer.crm_shared_user_ids
            or user in customer.user_id.crm_team_ids.user_id
        )

    # ------------------------------------------------------------
    # BUSINESS: pool
    # ------------------------------------------------------------

    def _crm_release_to_pool(self):
        # sudo: res.partner - the system takes the customer away from its owner
        self.sudo().with_context(crm_owner_reason="pool").write(
            {"user_id": False, "crm_in_pool": True, "crm_pool_date": fields.Datetime.now()}
        )

    # ------------------------------------------------------------
    # CRONS
    # ------------------------------------------------------------

    @api.model
    def _crm_cron_batches(self, query_builder, process):
        """Run ``process`` on batches of partner ids returned by ``query_builder(limit)``.

        In a cron run, one batch per call: the progress tells the scheduler to
        run again at once while work remains (each call is its own transaction).
        Called directly, all batches run.
        """
        batch_size = self.env.context.get("crm_cron_batch_size", CRON_BATCH_SIZE)
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        done = 0
        while True:
            self.flush_model()
            ids = [row[0] for row in self.env.execute_query(query_builder(batch_size + 1))]
            batch = self.browse(ids[:batch_size])
            if batch:
                process(batch)
                done += len(batch)
            more = len(ids) > batch_size
            if in_cron or not more:
                if in_cron:
                    self.env["ir.cron"]._notify_progress(done=done, remaining=int(more))
                return done

    @api.model
    def _crm_schedule_activities(self, partners, activity_xmlid, summary_fn, deadline_fn, user_fn):
        activity_type = self.env.ref(activity_xmlid, raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner in partners:
            user = user_fn(partner)
            if not user or not user.active:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary_fn(partner),
                    "date_deadline": deadline_fn(partner),
                    "user_id": user.id,
                }
            )
        # quick update: no "you have been assigned" e-mail per activity
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    @api.model
    def _cron_crm_revisit(self):
        """One activity per customer whose next contact date has come."""
        self.env["calendar.event"]._crm_register_recent_meetings()
        today = fields.Date.context_today(self)

        def query(limit):
            return SQL(
                "SELECT id FROM res_partner WHERE active AND user_id IS NOT NULL "
                "AND crm_next_contact_date <= %(today)s "
                "AND (crm_revisit_activity_date IS NULL "
                "OR crm_revisit_activity_date <> crm_next_contact_date) "
                "ORDER BY crm_next_contact_date, id LIMIT %(limit)s",
                today=today,
                limit=limit,
            )

        def process(partners):
            self._crm_schedule_activities(
                partners,
                "mail.mail_activity_data_call",
                lambda p: self.env._("Revisit %(customer)s", customer=p.name),
                lambda p: p.crm_next_contact_date,
                lambda p: p.user_id,
            )
            for due, group in partners.grouped("crm_next_contact_date").items():
                group.write({"crm_revisit_activity_date": due})

        return self._crm_cron_batches(query, process)

    @api.model
    def _cron_crm_dormant(self):
        """Release warned customers whose grace period is over, then warn the
        owners of newly dormant customers."""
        today = fields.Date.context_today(self)

        def release_query(limit):
            return SQL(
                "SELECT id FROM res_partner WHERE active AND user_id IS NOT NULL "
                "AND crm_pool_due_date <= %(today)s "
                "AND crm_dormant_activity_date = crm_dormant_date "
                "ORDER BY crm_pool_due_date, id LIMIT %(limit)s",
                today=today,
                limit=limit,
            )

        released = self._crm_cron_batches(release_query, lambda p: p._crm_release_to_pool())

        def warn_query(limit):
            return SQL(
                "SELECT id FROM res_partner WHERE active AND user_id IS NOT NULL "
                "AND crm_dormant_date <= %(today)s "
                "AND (crm_dormant_activity_date IS NULL "
                "OR crm_dormant_activity_date <> crm_dormant_date) "
                "ORDER BY crm_dormant_date, id LIMIT %(limit)s",
                today=today,
                limit=limit,
            )

        def warn(partners):
            policies = self.env["crm.contact.policy"]._crm_policy_for(partners)
            pool_dates = {}
            for partner in partners:
                policy = policies.get(partner.id)
                grace = timedelta(days=policy.grace_days if policy else 0)
                # a late warning still gives the owner the whole grace period
                pool_dates[partner.id] = max(partner.crm_dormant_date, today) + grace
            self._crm_schedule_activities(
                partners,
                "mail.mail_activity_data_todo",
                lambda p: self.env._(
                    "Dormant customer %(customer)s: contact it before %(date)s or it "
                    "returns to the public pool",
                    customer=p.name,
                    date=pool_dates[p.id],
                ),
                lambda p: pool_dates[p.id],
                lambda p: p.user_id,
            )
            groups = partners.grouped(lambda p: (p.crm_dormant_date, pool_dates[p.id]))
            for (dormant_date, pool_date), group in groups.items():
                group.write(
                    {"crm_dormant_activity_date": dormant_date, "crm_pool_due_date": pool_date}
                )

        warned = self._crm_cron_batches(warn_query, warn)
        return released, warned

    @api.model
    def _cron_crm_birthdays(self):
        """One activity per contact and birthday, for the owner of its company."""
        today = fields.Date.context_today(self)
        days = max(self.env.company.crm_birthday_notice_days, 0) + 1
        keys = self._crm_birthday_keys(today, days)
        start_key = today.month * 100 + today.day

        def query(limit):
            # keys before today's are next year's birthdays (window over new year)
            return SQL(
                "SELECT id FROM res_partner WHERE active AND crm_birthday_key IN %(keys)s "
                "AND COALESCE(crm_birthday_activity_year, 0) < CASE "
                "WHEN crm_birthday_key >= %(start)s THEN %(year)s ELSE %(year)s + 1 END "
                "ORDER BY id LIMIT %(limit)s",
                keys=tuple(keys),
                start=start_key,
                year=today.year,
                limit=limit,
            )

        def occurrence(partner):
            year = today.year if partner.crm_birthday_key >= start_key else today.year + 1
            month, day = divmod(partner.crm_birthday_key, 100)
            try:
                return today.replace(year=year, month=month, day=day)
            except ValueError:  # 29 February in a common year
                return today.replace(year=year, month=2, day=28)

        def process(partners):
            self._crm_schedule_activities(
                partners,
                "mail.mail_activity_data_todo",
                lambda p: self.env._("Birthday of %(contact)s", contact=p.name),
                occurrence,
                lambda p: p.commercial_partner_id.user_id or p.user_id,
            )
            for year, group in partners.grouped(lambda p: occurrence(p).year).items():
                group.write({"crm_birthday_activity_year": year})

        return self._crm_cron_batches(query, process)
