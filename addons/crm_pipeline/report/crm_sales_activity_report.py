# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models, tools
from odoo.tools import SQL

# kind -> digit appended to the source row id, so that ids stay unique across sources
# (activities and calls share mail_message ids, so they share a digit)
_ID_SUFFIX = {
    "activity": 0,
    "new_lead": 1,
    "stage_move": 2,
    "won": 3,
    "quotation_sent": 4,
    "order": 5,
    "collection": 6,
}


class CrmSalesActivityReport(models.Model):
    """One row per sales event: rankings of reps and what each team did on a day.

    A read-only view over the documents themselves, so it is never out of date:

    * ``activity_done`` / ``call``: messages posted when an activity is marked done
      (``mail.activity._action_done``), credited to the user who marked it done and to
      that user's team; a call is an activity whose type has the ``phonecall``
      category;
    * ``new_lead``: leads and opportunities by creation date, credited to their owner;
    * ``stage_move``: logged stage moves (``crm.lead.stage.history``; the row written at
      creation and rejected approval requests are not moves);
    * ``won``: won opportunities by closing date, expected revenue;
    * ``quotation_sent`` / ``order``: quotations currently sent to the customer and
      confirmed orders by order date (for a confirmed order, its confirmation date),
      untaxed amount in company currency;
    * ``collection``: every reconciliation of a customer invoice with a payment (or bank
      statement line), dated by the later of the two entries, for the amount matched.
      A partly paid invoice thus counts what was paid, in the month it was paid; a
      credit note matched against the invoice is not a collection. Credited to the
      salesperson of the invoice.

    Rows carry a salesperson, a team and a company, so that record rules apply to
    them as to the documents (own rows, the teams one leads, all). Every branch of the view filters on an indexed
    date column (see ``_create_indexes``): date-filtered reads stay cheap with
    millions of leads, messages and journal items.
    """

    _name = "crm.sales.activity.report"
    _description = "Sales Activity Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "kind"

    date = fields.Datetime(readonly=True)
    kind = fields.Selection(
        [
            ("activity_done", "Activity Done"),
            ("call", "Call"),
            ("new_lead", "New Lead"),
            ("stage_move", "Stage Move"),
            ("quotation_sent", "Quotation Sent"),
            ("order", "Sales Order"),
            ("won", "Won Opportunity"),
            ("collection", "Collection"),
        ],
        "Event",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Opportunity", readonly=True)
    order_id = fields.Many2one("sale.order", "Sales Order", readonly=True)
    move_id = fields.Many2one("account.move", "Invoice", readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", readonly=True)
    res_model = fields.Char("Document Model", readonly=True)
    res_id = fields.Many2oneReference("Document", model_field="res_model", readonly=True)
    amount = fields.Monetary(
        readonly=True,
        help="Won: expected revenue; quotation and order: untaxed amount; collection: "
        "amount paid. In company currency.",
    )
    won_amount = fields.Monetary("Won Revenue", readonly=True)
    order_amount = fields.Monetary("Ordered", readonly=True)
    collected_amount = fields.Monetary("Collected", readonly=True)
    activity_count = fields.Integer(
        "Activities", readonly=True, help="Activities done, calls included."
    )
    call_count = fields.Integer("Calls", readonly=True)
    new_lead_count = fields.Integer("New Leads", readonly=True)
    stage_move_count = fields.Integer("Stage Moves", readonly=True)
    quotation_count = fields.Integer("Quotations Sent", readonly=True)
    order_count = fields.Integer("Orders", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    collection_count = fields.Integer("Payments", readonly=True)

    # ------------------------------------------------------------
    # VIEW
    # ------------------------------------------------------------

    def _measures(self, kind, amount=None):
        """The measure columns of one branch: its kind's counter is 1, its amount goes
        to its kind's amount column, everything else is 0."""
        amount = amount or SQL("0")
        counters = {
            "activity_count": kind in ("activity_done", "call", "activity"),
            "new_lead_count": kind == "new_lead",
            "stage_move_count": kind == "stage_move",
            "quotation_count": kind == "quotation_sent",
            "order_count": kind == "order",
            "won_count": kind == "won",
            "collection_count": kind == "collection",
        }
        amounts = {
            "won_amount": kind == "won",
            "order_amount": kind == "order",
            "collected_amount": kind == "collection",
        }
        # every branch yields the same column types, so that PostgreSQL flattens the
        # UNION ALL: then only the columns a query uses are computed, and filters reach
        # each branch's indexes
        columns = [SQL("(%s)::numeric AS amount", amount)]
        columns += [
            SQL("%s::integer AS %s", SQL(str(int(flag))), SQL.identifier(name))
            for name, flag in counters.items()
        ]
        columns += [
            SQL("(%s)::numeric AS %s", amount if flag else SQL("0"), SQL.identifier(name))
            for name, flag in amounts.items()
        ]
        return SQL(", ").join(columns)

    def _row_id(self, source_id, kind):
        return SQL("(%s::bigint * 8 + %s)", source_id, SQL(str(_ID_SUFFIX[kind])))

    def _query_activities(self):
        # The author of the "activity done" message is the user who marked it done (a
        # partner shared by several users is credited to the first one only), and the
        # row goes to that user's team: a leader sees what the members did, on any
        # document. The company is the document's (mail stores it on the message).
        # Customers are looked up per row, only when a query asks for them: joining
        # the leads would hash the whole lead table for a month of activities.
        return SQL(
            """
            SELECT %(id)s AS id,
                   m.date AS date,
                   (CASE WHEN t.category = 'phonecall' THEN 'call' ELSE 'activity_done' END
                   )::varchar AS kind,
                   u.id AS user_id,
                   u.sale_team_id AS team_id,
                   m.record_company_id AS company_id,
                   CASE m.model
                       WHEN 'res.partner' THEN m.res_id
                       WHEN 'crm.lead' THEN (
                           SELECT ml.partner_id FROM crm_lead ml WHERE ml.id = m.res_id)
                       WHEN 'sale.order' THEN (
                           SELECT mo.partner_id FROM sale_order mo WHERE mo.id = m.res_id)
                   END AS partner_id,
                   CASE WHEN m.model = 'crm.lead' THEN m.res_id END AS lead_id,
                   CASE WHEN m.model = 'sale.order' THEN m.res_id END AS order_id,
                   NULL::integer AS move_id,
                   m.mail_activity_type_id AS activity_type_id,
                   m.model::varchar AS res_model,
                   m.res_id AS res_id,
                   %(measures)s,
                   (CASE WHEN t.category = 'phonecall' THEN 1 ELSE 0 END)::integer AS call_count
              FROM mail_message m
              JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
              LEFT JOIN LATERAL (
                   SELECT ru.id, ru.sale_team_id
                     FROM res_users ru
                    WHERE ru.partner_id = m.author_id
                 ORDER BY ru.share, ru.id
                    LIMIT 1
              ) u ON TRUE
             WHERE m.mail_activity_type_id IS NOT NULL
            """,
            id=self._row_id(SQL("m.id"), "activity"),
            measures=self._measures("activity"),
        )

    def _query_new_leads(self):
        return SQL(
            """
            SELECT %(id)s AS id,
                   l.create_date AS date,
                   'new_lead'::varchar AS kind,
                   l.user_id AS user_id,
                   l.team_id AS team_id,
                   l.company_id AS company_id,
                   l.partner_id AS partner_id,
                   l.id AS lead_id,
                   NULL::integer AS order_id,
                   NULL::integer AS move_id,
                   NULL::integer AS activity_type_id,
                   'crm.lead'::varchar AS res_model,
                   l.id AS res_id,
                   %(measures)s,
                   0::integer AS call_count
              FROM crm_lead l
            """,
            id=self._row_id(SQL("l.id"), "new_lead"),
            measures=self._measures("new_lead"),
        )

    def _query_stage_moves(self):
        # the row logged when a lead is created (no From Stage) is not a move, and a
        # rejected approval request did not move the lead; the lead is a left join on
        # its key, which PostgreSQL drops when the customer is not asked for
        return SQL(
            """
            SELECT %(id)s AS id,
                   h.date_to AS date,
                   'stage_move'::varchar AS kind,
                   h.user_id AS user_id,
                   h.team_id AS team_id,
                   h.company_id AS company_id,
                   l.partner_id AS partner_id,
                   h.lead_id AS lead_id,
                   NULL::integer AS order_id,
                   NULL::integer AS move_id,
                   NULL::integer AS activity_type_id,
                   'crm.lead'::varchar AS res_model,
                   h.lead_id AS res_id,
                   %(measures)s,
                   0::integer AS call_count
              FROM crm_lead_stage_history h
              LEFT JOIN crm_lead l ON l.id = h.lead_id
             WHERE h.stage_from_id IS NOT NULL AND h.kind IN ('move', 'approved')
            """,
            id=self._row_id(SQL("h.id"), "stage_move"),
            measures=self._measures("stage_move"),
        )

    def _query_won(self):
        return SQL(
            """
            SELECT %(id)s AS id,
                   l.date_closed AS date,
                   'won'::varchar AS kind,
                   l.user_id AS user_id,
                   l.team_id AS team_id,
                   l.company_id AS company_id,
                   l.partner_id AS partner_id,
                   l.id AS lead_id,
                   NULL::integer AS order_id,
                   NULL::integer AS move_id,
                   NULL::integer AS activity_type_id,
                   'crm.lead'::varchar AS res_model,
                   l.id AS res_id,
                   %(measures)s,
                   0::integer AS call_count
              FROM crm_lead l
              JOIN crm_stage s ON s.id = l.stage_id
             WHERE l.date_closed IS NOT NULL
               AND s.is_won
               AND l.active
               AND l.type = 'opportunity'
            """,
            id=self._row_id(SQL("l.id"), "won"),
            measures=self._measures("won", SQL("COALESCE(l.expected_revenue, 0)")),
        )

    def _query_orders(self, kind, state):
        # amounts in company currency, as sale.report converts them
        amount = SQL(
            "so.amount_untaxed / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 "
            "ELSE so.currency_rate END"
        )
        return SQL(
            """
            SELECT %(id)s AS id,
                   so.date_order AS date,
                   %(kind)s::varchar AS kind,
                   so.user_id AS user_id,
                   so.team_id AS team_id,
                   so.company_id AS company_id,
                   so.partner_id AS partner_id,
                   so.opportunity_id AS lead_id,
                   so.id AS order_id,
                   NULL::integer AS move_id,
                   NULL::integer AS activity_type_id,
                   'sale.order'::varchar AS res_model,
                   so.id AS res_id,
                   %(measures)s,
                   0::integer AS call_count
              FROM sale_order so
             WHERE so.state = %(state)s
            """,
            id=self._row_id(SQL("so.id"), kind),
            kind=kind,
            state=state,
            measures=self._measures(kind, amount),
        )

    def _query_collections(self):
        # The payment side is a journal entry (a payment or a bank statement line), not
        # an invoice or credit note. A date-only event is placed at noon UTC, so that it
        # falls on the same day in any timezone within 12 hours of UTC.
        return SQL(
            """
            SELECT %(id)s AS id,
                   (apr.max_date + TIME '12:00') AS date,
                   'collection'::varchar AS kind,
                   inv.invoice_user_id AS user_id,
                   inv.team_id AS team_id,
                   inv.company_id AS company_id,
                   inv.commercial_partner_id AS partner_id,
                   NULL::integer AS lead_id,
                   NULL::integer AS order_id,
                   inv.id AS move_id,
                   NULL::integer AS activity_type_id,
                   'account.move'::varchar AS res_model,
                   inv.id AS res_id,
                   %(measures)s,
                   0::integer AS call_count
              FROM account_partial_reconcile apr
              JOIN account_move_line inv_line ON inv_line.id = apr.debit_move_id
              JOIN account_move inv ON inv.id = inv_line.move_id
              JOIN account_move_line pay_line ON pay_line.id = apr.credit_move_id
              JOIN account_move pay ON pay.id = pay_line.move_id
             WHERE inv.move_type = 'out_invoice'
               AND inv.state = 'posted'
               AND pay.move_type = 'entry'
               AND pay.state = 'posted'
            """,
            id=self._row_id(SQL("apr.id"), "collection"),
            measures=self._measures("collection", SQL("apr.amount")),
        )

    def _query(self):
        branches = SQL("\nUNION ALL\n").join(
            [
                self._query_activities(),
                self._query_new_leads(),
                self._query_stage_moves(),
                self._query_won(),
                self._query_orders("quotation_sent", "sent"),
                self._query_orders("order", "sale"),
                self._query_collections(),
            ]
        )
        return SQL(
            """
            SELECT e.*, c.currency_id AS currency_id
              FROM (%s) e
              LEFT JOIN res_company c ON c.id = e.company_id
            """,
            branches,
        )

    def init(self):
        self._create_indexes()
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    def _create_indexes(self):
        """Date indexes the branches of the view need and Odoo does not create.

        Already indexed by Odoo or this module: crm_lead.create_date (crm),
        sale_order.date_order (sale), crm_lead_stage_history.date_to.
        """
        cr = self.env.cr
        # done activities are a small part of all messages: a partial index
        tools.create_index(
            cr,
            "mail_message_activity_done_date_index",
            "mail_message",
            ["date"],
            where="mail_activity_type_id IS NOT NULL",
        )
        tools.create_index(
            cr,
            "crm_lead_date_closed_index",
            "crm_lead",
            ["date_closed"],
            where="date_closed IS NOT NULL",
        )
        # same expression as the date of the collection branch, so it can be used
        tools.create_index(
            cr,
            "account_partial_reconcile_max_date_noon_index",
            "account_partial_reconcile",
            ["(max_date + TIME '12:00')"],
        )
