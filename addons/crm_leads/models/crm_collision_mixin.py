# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.normalize import FUZZY_MIN_LENGTH, core_company_name, name_variants

NEAR_NAME_LIMIT = 10
# Candidates read per index before ranking: a core shared by more companies than
# this is a common word, and the banner shows the best NEAR_NAME_LIMIT anyway.
NEAR_NAME_CANDIDATES = 200

# Deletion neighbourhood of a name core, for the near-name GIN index. Must give
# the same strings as tools.normalize.name_variants.
NAME_VARIANTS_FUNCTION = """
    CREATE OR REPLACE FUNCTION crm_leads_name_variants(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_agg(DISTINCT left(name, i - 1) || substr(name, i + 1))
          FROM generate_series(1, char_length(name)) AS i
    $$
"""


class CrmCollisionMixin(models.AbstractModel):
    """Duplicates and rep collisions of a customer or lead, shown as it is typed.

    A *match* is another active partner or lead with the same normalised e-mail,
    E.164 phone/mobile or company name (exact), or a similar company name (near).
    A *collision* is an exact match owned by another rep: the sales team's
    ``crm_collision_policy`` decides whether it only warns, blocks the save or
    asks a manager to approve. Near names only warn: a similar name is a hint,
    not proof of the same customer.

    The models using it give their keys in ``_crm_match_values``, the fields the
    check depends on in ``_crm_match_depends`` and their team in
    ``_crm_collision_team``.
    """

    _name = "crm.collision.mixin"
    _description = "Duplicate and collision check"

    crm_collision_pending = fields.Boolean(
        "Collision Pending Approval",
        readonly=True,
        copy=False,
        help="Saved although it matches another rep's customer; a manager has to approve it.",
    )
    crm_match_partner_ids = fields.Many2many(
        "res.partner",
        string="Matching Customers",
        compute="_compute_crm_matches",
        help="Customers you may read with the same e-mail, phone or company name.",
    )
    crm_match_lead_ids = fields.Many2many(
        "crm.lead",
        string="Matching Leads",
        compute="_compute_crm_matches",
    )
    crm_match_partner_count = fields.Integer(compute="_compute_crm_matches")
    crm_match_lead_count = fields.Integer(compute="_compute_crm_matches")
    crm_collision_user_ids = fields.Many2many(
        "res.users",
        string="Owners of Colliding Records",
        compute="_compute_crm_matches",
        help="Other reps owning a customer or lead with the same e-mail or phone.",
    )
    crm_collision_owner_names = fields.Char(
        "Owned By",
        compute="_compute_crm_matches",
    )
    crm_match_warning = fields.Text(
        "Duplicate Warning",
        compute="_compute_crm_matches",
    )

    # ------------------------------------------------------------
    # HOOKS
    # ------------------------------------------------------------

    def _crm_match_depends(self):
        return ["user_id", "phone", "mobile", "country_id", "company_name_key", "company_name_core"]

    def _crm_match_values(self):
        """Lead-like values of this record for ``_crm_match_keys``."""
        self.ensure_one()
        return {
            "phone": self.phone,
            "mobile": self.mobile,
            "country_id": self.country_id,
            "company_name_key": self.company_name_key,
        }

    def _crm_match_is_self(self, partners, leads):
        """Matches that are this record or its own family, not duplicates."""
        self.ensure_one()
        return partners.browse(), leads.browse()

    def _crm_collision_team(self):
        self.ensure_one()
        return self.env.user.sale_team_id

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def _auto_init(self):
        res = super()._auto_init()
        if self._abstract or "company_name_core" not in self._fields:
            return res
        self.env.cr.execute(NAME_VARIANTS_FUNCTION)
        # Only cores long enough for typo matching are indexed (see
        # _crm_find_near_names); the query repeats this predicate. A GIN index
        # queues new entries in a pending list that every search reads in full:
        # at the default 4 MB, a day of lead updates made each probe 30 ms
        # instead of 0.3 ms, so the list is kept short.
        index = f"{self._table}_company_name_variants_index"
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS %(index)s ON %(table)s
                   USING gin (crm_leads_name_variants(company_name_core))
                   WHERE char_length(company_name_core) >= %(min)s""",
                index=SQL.identifier(index),
                table=SQL.identifier(self._table),
                min=FUZZY_MIN_LENGTH,
            )
        )
        self.env.cr.execute(
            SQL("ALTER INDEX %s SET (gin_pending_list_limit = 256)", SQL.identifier(index))
        )
        return res

    # ------------------------------------------------------------
    # COMPUTE
    # ------------------------------------------------------------

    @api.depends(lambda self: self._crm_match_depends())
    @api.depends_context("uid")
    def _compute_crm_matches(self):
        values_list = [record._crm_match_values() for record in self]
        exact_list = self._crm_match_batch(values_list)
        Partner = self.env["res.partner"]
        Lead = self.env["crm.lead"]
        for record, exact in zip(self, exact_list, strict=True):
            near = record._crm_find_near_names(record.company_name_core)
            # sudo: res.partner/crm.lead - the rep must learn WHO owns a matching
            # record even when record rules hide it; only the owner and the
            # commercial entity are read here, and only owner names leave.
            partners_su, leads_su = record._crm_match_records_sudo(
                exact["partner_ids"] | near["partner_ids"],
                exact["lead_ids"] | near["lead_ids"],
            )
            colliding_users = record._crm_other_owners(
                partners_su.filtered(lambda p, ids=exact["partner_ids"]: p.id in ids),
                leads_su.filtered(lambda lead, ids=exact["lead_ids"]: lead.id in ids),
            )
            near_users = record._crm_other_owners(partners_su, leads_su) - colliding_users
            partners = Partner.browse(partners_su.ids)._filtered_access("read")
            leads = Lead.browse(leads_su.ids)._filtered_access("read")
            record.crm_match_partner_ids = partners
            record.crm_match_lead_ids = leads
            record.crm_match_partner_count = len(partners)
            record.crm_match_lead_count = len(leads)
            record.crm_collision_user_ids = colliding_users
            record.crm_collision_owner_names = record._crm_owner_names(colliding_users)
            record.crm_match_warning = record._crm_match_message(
                partners, leads, colliding_users, near_users
            )

    def _crm_match_records_sudo(self, partner_ids, lead_ids):
        """Matching partners and leads as superuser, minus this record's family.

        Callers read only ``user_id`` and names of owners from them.
        """
        self.ensure_one()
        partners_su = self.env["res.partner"].sudo().browse(partner_ids)
        leads_su = self.env["crm.lead"].sudo().browse(lead_ids)
        own_partners, own_leads = self._crm_match_is_self(partners_su, leads_su)
        return partners_su - own_partners, leads_su - own_leads

    def _crm_other_owners(self, partners_su, leads_su):
        """Reps other than this record's owner (or the user) owning the matches."""
        self.ensure_one()
        owner = self.user_id or self.env.user
        return (partners_su.user_id | leads_su.user_id).sudo(False) - owner

    @api.model
    def _crm_owner_names(self, users):
        # sudo: res.users - a user's name is public to internal users; sudo only
        # spares a read of users from companies the rep cannot access.
        return ", ".join(sorted(users.sudo().mapped("name")))

    def _crm_match_message(self, partners, leads, colliding_users, near_users):
        lines = []
        if colliding_users:
            lines.append(
                self.env._(
                    "Collision: this customer is already handled by %(owners)s.",
                    owners=self._crm_owner_names(colliding_users),
                )
            )
        if near_users:
            lines.append(
                self.env._(
                    "A customer with a similar name is handled by %(owners)s.",
                    owners=self._crm_owner_names(near_users),
                )
            )
        visible = list(partners) + list(leads)
        if visible:
            names = [
                self.env._(
                    "%(name)s (%(owner)s)", name=match.display_name, owner=match.user_id.name
                )
                if match.user_id
                else match.display_name
                for match in visible[:5]
            ]
            lines.append(
                self.env._(
                    "Possible duplicates (%(count)s): %(names)s",
                    count=len(visible),
                    names="; ".join(names),
                )
            )
        return "\n".join(lines) or False

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._crm_check_collisions()
        return records

    def write(self, vals):
        res = super().write(vals)
        if set(vals) & set(self._crm_collision_trigger_fields()):
            self._crm_check_collisions()
        return res

    def _crm_collision_trigger_fields(self):
        return [
            fname
            for fname in self._crm_match_depends()
            + ["email", "email_from", "partner_name", "name", "parent_id", "is_company"]
            if fname in self._fields
        ]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_crm_view_match_partners(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Matching Customers"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.crm_match_partner_ids.ids)],
        }

    def action_crm_view_match_leads(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Matching Leads"),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", self.crm_match_lead_ids.ids)],
            "context": {"active_test": False},
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _crm_find_near_names(self, name_core, limit=NEAR_NAME_LIMIT):
        """Partners and leads whose company name core is near ``name_core``.

        Near means the same core (``company_name_core`` leaves out places, trades
        and legal forms: "Beijing Acme Technology Co., Ltd." and "ACME Tech" are
        both "acme") or, for cores of FUZZY_MIN_LENGTH characters or more, a core
        one typo away ("runmeilong" / "runmeilonq" / "runmeilng").

        Typos are found through the deletion neighbourhood: two strings one edit
        apart share a one-deletion variant, or one is a variant of the other. The
        btree on the core and a GIN index on its variants answer both with a few
        exact probes, whatever the number of names. A trigram similarity search
        was the first design: at 1,000,000 names made of common syllables
        ("zhongxing", "huaxin"...) it rechecked thousands of rows per query
        (up to 1.7 s); this one reads only actual near names.

        The best ``limit`` of each model are returned, the same core first, then
        by trigram similarity when pg_trgm is there. Ids are not filtered by
        record rules.
        """
        result = {"partner_ids": set(), "lead_ids": set()}
        if not name_core:
            return result
        fuzzy = len(name_core) >= FUZZY_MIN_LENGTH
        keys = [name_core, *name_variants(name_core)] if fuzzy else [name_core]
        self.env["res.partner"].flush_model(["company_name_core", "active", "company_id"])
        self.env["crm.lead"].flush_model(["company_name_core", "active", "company_id"])
        if self.env.registry.has_trigram:
            rank = SQL("similarity(t.company_name_core, %s) DESC,", name_core)
        else:
            rank = SQL()
        selects = []
        for model in ("res.partner", "crm.lead"):
            table = SQL.identifier(self.env[model]._table)
            candidates = SQL(
                "(SELECT id FROM %(table)s WHERE company_name_core = ANY(%(keys)s::varchar[]) LIMIT %(n)s)",
                table=table,
                keys=keys,
                n=NEAR_NAME_CANDIDATES,
            )
            if fuzzy:
                candidates = SQL(
                    """%(exact)s UNION
                       (SELECT id FROM %(table)s
                         WHERE char_length(company_name_core) >= %(min)s
                           AND crm_leads_name_variants(company_name_core) && %(keys)s::text[]
                         LIMIT %(n)s)""",
                    exact=candidates,
                    table=table,
                    min=FUZZY_MIN_LENGTH,
                    keys=keys,
                    n=NEAR_NAME_CANDIDATES,
                )
            selects.append(
                SQL(
                    """(SELECT %(model)s, t.id
                          FROM %(table)s t
                         WHERE t.id IN (%(candidates)s)
                           AND t.active
                           AND (t.company_id IS NULL OR t.company_id = ANY(%(companies)s))
                      ORDER BY t.company_name_core = %(core)s DESC, %(rank)s t.id
                         LIMIT %(limit)s)""",
                    model=model,
                    table=table,
                    candidates=candidates,
                    companies=self.env.companies.ids,
                    core=name_core,
                    rank=rank,
                    limit=limit,
                )
            )
        for model, record_id in self.env.execute_query(SQL(" UNION ALL ").join(selects)):
            result["partner_ids" if model == "res.partner" else "lead_ids"].add(record_id)
        return result

    @api.model
    def _crm_find_matches(self, values):
        """Matches of one lead-like dict, for other addons (CTI, import, web forms).

        ``values`` takes the keys of ``_crm_match_batch``. Returns
        ``{"partner_ids", "lead_ids"}`` (exact keys) and ``{"near_partner_ids",
        "near_lead_ids"}`` (similar company name, exact ones excluded), all sets of
        ids NOT filtered by record rules.
        """
        exact = self._crm_match_batch([values])[0]
        core = values.get("company_name_core") or core_company_name(values.get("partner_name"))
        near = self._crm_find_near_names(core or self._crm_match_keys(values)["name"])
        return {
            "partner_ids": exact["partner_ids"],
            "lead_ids": exact["lead_ids"],
            "near_partner_ids": near["partner_ids"] - exact["partner_ids"],
            "near_lead_ids": near["lead_ids"] - exact["lead_ids"],
        }

    def _crm_check_collisions(self):
        """Apply the team's collision policy to records just saved by a user.

        Only exact keys count, and only teams that block or ask for approval
        pay for the check (one batch query for all the records).

        With ``crm_collision_keep`` in the context (records nobody can correct,
        such as leads posted on a public web form), "block" never refuses: the
        record is kept and goes to the approval flow, whose rejection gives a
        lead to the rep owning the customer. A caller passing it gains nothing
        but a flagged record waiting for a manager.
        """
        if self.env.su or self.env.context.get("crm_skip_collision_check"):
            return
        policies = {record: record._crm_collision_team().crm_collision_policy for record in self}
        to_check = self.filtered(lambda r: policies[r] in ("block", "approve"))
        if not to_check:
            return
        exact_list = self._crm_match_batch([r._crm_match_values() for r in to_check])
        for record, exact in zip(to_check, exact_list, strict=True):
            partners_su, leads_su = record._crm_match_records_sudo(
                exact["partner_ids"], exact["lead_ids"]
            )
            colliding_users = record._crm_other_owners(partners_su, leads_su)
            if not colliding_users:
                continue
            if policies[record] == "block" and not self.env.context.get("crm_collision_keep"):
                raise ValidationError(
                    self.env._(
                        "%(record)s matches a customer or lead handled by %(owners)s. "
                        "Your sales team does not allow working on another rep's "
                        "customer: ask them or your manager to share it.",
                        record=record.display_name,
                        owners=self._crm_owner_names(colliding_users),
                    )
                )
            if not record.crm_collision_pending:
                record._crm_request_collision_approval(colliding_users)

    def _crm_request_collision_approval(self, colliding_users):
        self.ensure_one()
        self.with_context(crm_skip_collision_check=True).write({"crm_collision_pending": True})
        self.env["crm.collision.request"]._crm_create_for(self, colliding_users)
