# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL


class CrmParentAccessMixin(models.AbstractModel):
    """Record rules that follow the customer or opportunity a record belongs to.

    A model that hangs off a customer or an opportunity (product lines, relations,
    calls, service orders...) lists its parent fields in ``_crm_access_parents`` with
    the access its writers need on each parent, and gets two record rules::

        read:                [("crm_parent_readable", "=", True)]
        write/create/unlink: [("crm_parent_writable", "=", True)]

    The parents' own record rules decide, whatever they are (this suite's, crm's,
    an OCA module's), the way Odoo applies the rules of an ``_inherits`` parent: no
    copy of the parent's rules to keep in sync. Archived parents (lost opportunities)
    keep their records visible. Record rules are evaluated as superuser, so the
    search methods check the parents as the user themselves.
    """

    _name = "crm.parent.access.mixin"
    _description = "Access following the parent customer or opportunity"
    _inherit = ["crm.link.guard.mixin"]

    # {many2one field: access needed on its target to write the record ("read"/"write")}
    _crm_access_parents = {}

    crm_parent_readable = fields.Boolean(
        "Parent Readable",
        compute="_compute_crm_parent_access",
        search="_search_crm_parent_readable",
    )
    crm_parent_writable = fields.Boolean(
        "Parent Writable",
        compute="_compute_crm_parent_access",
        search="_search_crm_parent_writable",
    )

    @api.depends_context("uid")
    def _compute_crm_parent_access(self):
        # one access check per parent field and operation for the whole batch
        as_user = self.with_env(self.env(su=False))
        allowed = {}
        for fname, write_mode in self._crm_access_parents.items():
            parents = as_user[fname]._origin
            for mode in {"read", write_mode}:
                allowed[fname, mode] = set(parents._filtered_access(mode)._ids)
        for record in self:
            readable = writable = True
            for fname, write_mode in self._crm_access_parents.items():
                parent_id = record[fname]._origin.id
                if parent_id:
                    readable &= parent_id in allowed[fname, "read"]
                    writable &= parent_id in allowed[fname, write_mode]
            record.crm_parent_readable = readable
            record.crm_parent_writable = readable and writable

    def _search_crm_parent_readable(self, operator, value):
        return self._crm_parent_access_domain(operator, value, write=False)

    def _search_crm_parent_writable(self, operator, value):
        return self._crm_parent_access_domain(operator, value, write=True)

    def _crm_parent_access_domain(self, operator, value, write):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Access fields are searched with = or != only."))
        env = self.env(su=False)
        conditions = []
        for fname, write_mode in self._crm_access_parents.items():
            modes = {"read", write_mode} if write else {"read"}
            for mode in sorted(modes):
                condition = self._crm_parent_condition(env, fname, mode)
                if condition is not None:
                    conditions.append(condition)
        if not conditions:
            domain = expression.TRUE_DOMAIN
        else:
            # One semi-join on the record's own table whose parents are probed row
            # by row through their primary key. ``parent IN (SELECT id FROM parent
            # WHERE <rule>)`` would make PostgreSQL evaluate the parent's rule over
            # the whole parent table (a hashed subplan: 1.3 s at 1,000,000
            # partners for a single call); the correlated EXISTS is an index probe.
            alias = "crm_parent_child"
            domain = [
                (
                    "id",
                    "in",
                    SQL(
                        "(SELECT %s FROM %s AS %s WHERE %s)",
                        SQL.identifier(alias, "id"),
                        SQL.identifier(self._table),
                        SQL.identifier(alias),
                        SQL(" AND ").join(condition(alias) for condition in conditions),
                    ),
                )
            ]
        if (operator == "=") != bool(value):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _crm_parent_condition(self, env, fname, mode):
        """A function of the child table's alias giving the SQL condition "parent
        ``fname`` is empty or allowed for ``mode`` to the user", or None when every
        parent is allowed."""
        parent_model = env[self._fields[fname].comodel_name].with_context(active_test=False)
        if not parent_model.has_access(mode):
            return lambda alias: SQL("%s IS NULL", SQL.identifier(alias, fname))
        if not env["ir.rule"]._compute_domain(parent_model._name, mode):
            return None

        def condition(alias):
            query = parent_model._where_calc([], active_test=False)
            parent_model._apply_ir_rules(query, mode)
            query.add_where(
                SQL(
                    "%s = %s",
                    SQL.identifier(query.table, "id"),
                    SQL.identifier(alias, fname),
                )
            )
            return SQL(
                "(%s IS NULL OR EXISTS %s)",
                SQL.identifier(alias, fname),
                query.subselect(SQL("1")),
            )

        return condition
