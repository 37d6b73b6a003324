# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Why pre-aggregated sums: the forecast sums every open opportunity, so any plan on
# crm_lead reads one row per open opportunity (750,000 of the benchmark's 1,000,000).
# Neither stock Odoo's parallel sequential scan (p50 1.5 s) nor an index only scan of
# a partial covering index (0.7 s) gets near 150 ms (tests/bench/bench_forecast.py).
# The sums are kept per company, team, salesperson, stage and day of expected closing
# (a bucket); the pivot reads a few ten thousand rows instead (58,400 buckets there).
# Day buckets serve week (whatever the language's first day), month, quarter and year.
#
# Why a ledger of deltas, not one row per bucket: statement-level triggers on crm_lead
# keep the sums in the writing transaction (a rollback takes its deltas with it, and
# every path that writes crm_lead is covered: ORM, imports, raw SQL). An earlier design
# added each statement's deltas to the bucket's row (INSERT ... ON CONFLICT DO UPDATE):
# eight reps moving deals of one salesperson, stage and day at once all updated one row,
# each waited for the previous one's commit and then failed with a serialization error
# (Odoo's REPEATABLE READ), retried or shown as an error. Now each statement only
# INSERTs its signed deltas into crm_lead_forecast_delta, one row per bucket whose sums
# it changed; writers never update nor delete a row, so they neither wait for nor fail
# because of each other. The model reads the ledger summed by bucket (_table_query):
# one record per bucket, the sums being additive; buckets left without opportunity sum
# to zero and are not shown. Grouped reads (pivot, graph, export) of sums sum the ledger
# rows directly, without summing them by bucket first: a group is a set of buckets, so
# its sums are the same, and groups whose buckets are all empty are left out by a
# HAVING. Their count (the pivot's Count) is one of ledger rows, as it was one of summary
# rows. Measured on the pivot's query at 56,498 buckets (tests/bench/bench_forecast.py,
# 2 busy cores): the compacted ledger reads as fast as the one-row-per-bucket table did
# (p50 65-100 ms both), 10,000 deltas not folded yet add 15-25 %, and summing by bucket
# first would cost 3.5 times as much (a 50 MB hash table per read).
#
# Compaction (_cron_compact, an ir.cron) folds the rows of every bucket that has several
# into one (the oldest id is kept, so is the bucket's record id) and drops the buckets
# that sum to zero. It deletes only the rows of its snapshot, committed before it
# started: rows that other transactions insert meanwhile are invisible to it and stay,
# and as no writer ever updates or deletes a ledger row, no row it deletes is changed
# by anyone else, so it neither waits for writers nor makes them fail (proved with real
# concurrent transactions in tests/test_forecast.py). Two compactions would delete the
# same rows: Odoo runs a cron job once at a time, and an advisory lock skips a manual
# run that overlaps. A cron or a materialized view alone would be stale, and ORM
# overrides would miss SQL writes.

_LEDGER = "crm_lead_forecast_delta"
_LEAD_FILTER = "active AND type = 'opportunity'"
_KEY_FIELDS = ("company_id", "team_id", "user_id", "stage_id", "date_deadline")
_KEYS = ", ".join(_KEY_FIELDS)
# aggregates that the ledger's rows give as well as the buckets
_ADDITIVE = {"__count", "expected_revenue:sum", "prorated_revenue:sum", "lead_count:sum"}
_NONZERO_HAVING = [
    "|",
    "|",
    ("lead_count:sum", "!=", 0),
    ("expected_revenue:sum", "!=", 0),
    ("prorated_revenue:sum", "!=", 0),
]
# what is worth a ledger row or a bucket: GROUP BY puts NULL keys in one bucket each
_NONZERO = "SUM(lead_count) <> 0 OR SUM(expected_revenue) <> 0 OR SUM(prorated_revenue) <> 0"
# one statement's deltas, one row per bucket: an update that changes no forecast
# figure (old and new row in the same bucket with the same revenues) inserts nothing
_INSERT = f"""
        INSERT INTO {_LEDGER} ({_KEYS}, expected_revenue, prorated_revenue, lead_count)
        SELECT {_KEYS}, SUM(expected_revenue), SUM(prorated_revenue), SUM(lead_count)
          FROM (%s) AS delta
         GROUP BY {_KEYS}
        HAVING {_NONZERO};
"""
_ROWS = f"""SELECT {_KEYS}, %(sign)s COALESCE(expected_revenue, 0) AS expected_revenue,
                   %(sign)s COALESCE(prorated_revenue, 0) AS prorated_revenue,
                   %(sign)s1 AS lead_count
              FROM %(table)s WHERE {_LEAD_FILTER}"""
_NEW = _ROWS % {"sign": "", "table": "new_rows"}
_OLD = _ROWS % {"sign": "-", "table": "old_rows"}
_SYNC_FUNCTION = f"""
CREATE OR REPLACE FUNCTION crm_lead_forecast_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('{_LEDGER}') IS NULL THEN
        RETURN NULL;  -- crm_pipeline uninstalled: its table is gone, nothing to keep
    END IF;
    IF TG_OP = 'INSERT' THEN
        {_INSERT % _NEW}
    ELSIF TG_OP = 'UPDATE' THEN
        {_INSERT % (_NEW + " UNION ALL " + _OLD)}
    ELSE
        {_INSERT % _OLD}
    END IF;
    RETURN NULL;
END;
$$;
"""
_TRIGGERS = [
    ("crm_lead_forecast_insert", "INSERT", "NEW TABLE AS new_rows"),
    ("crm_lead_forecast_update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("crm_lead_forecast_delete", "DELETE", "OLD TABLE AS old_rows"),
]
# Every bucket of several rows becomes one row with their sums and the oldest id (the
# deleted row's id is free again within the statement); zero buckets are not kept.
_COMPACT = f"""
    WITH folded AS (
        DELETE FROM {_LEDGER}
         WHERE id IN (SELECT unnest(array_agg(id)) FROM {_LEDGER}
                       GROUP BY {_KEYS} HAVING count(*) > 1)
     RETURNING *
    ), kept AS (
        INSERT INTO {_LEDGER} (id, {_KEYS}, expected_revenue, prorated_revenue, lead_count)
        SELECT MIN(id), {_KEYS}, SUM(expected_revenue), SUM(prorated_revenue), SUM(lead_count)
          FROM folded
         GROUP BY {_KEYS}
        HAVING {_NONZERO}
     RETURNING id
    )
    SELECT (SELECT count(*) FROM folded), (SELECT count(*) FROM kept)
"""


class CrmLeadForecast(models.Model):
    """Weighted forecast: sums of the open opportunities' expected and weighted
    revenue (crm's ``prorated_revenue``) per company, sales team, salesperson, stage
    and expected closing date, kept by database triggers on ``crm_lead``."""

    _name = "crm.lead.forecast"
    _description = "Weighted Forecast"
    _auto = False
    _log_access = False
    _order = "date_deadline, stage_id"
    _rec_name = "stage_id"
    # read queries flush these first: the triggers see what reached crm_lead
    _depends = {
        "crm.lead": [
            "active",
            "type",
            "company_id",
            "team_id",
            "user_id",
            "stage_id",
            "date_deadline",
            "expected_revenue",
            "prorated_revenue",
        ],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    date_deadline = fields.Date("Expected Closing", readonly=True)
    expected_revenue = fields.Float(readonly=True, aggregator="sum")
    prorated_revenue = fields.Float("Weighted Revenue", readonly=True, aggregator="sum")
    lead_count = fields.Integer("Opportunities", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        if self.env.context.get("crm_forecast_ledger_rows"):
            # the ledger's rows as they are, for the grouped reads of sums (_read_group)
            return SQL(
                "SELECT id, %s, expected_revenue, prorated_revenue, lead_count FROM %s",
                SQL(_KEYS),
                SQL.identifier(_LEDGER),
            )
        return SQL(
            """
            SELECT MIN(id) AS id, %(keys)s,
                   SUM(expected_revenue) AS expected_revenue,
                   SUM(prorated_revenue) AS prorated_revenue,
                   SUM(lead_count) AS lead_count
              FROM %(ledger)s
             GROUP BY %(keys)s
            HAVING %(nonzero)s
            """,
            keys=SQL(_KEYS),
            ledger=SQL.identifier(_LEDGER),
            nonzero=SQL(_NONZERO),
        )

    def init(self):
        cr = self.env.cr
        # the partial covering index of an earlier design, slower than this ledger
        cr.execute("DROP INDEX IF EXISTS crm_lead_forecast_index")
        # No foreign keys: a deleted salesperson or team reaches the ledger through
        # crm_lead's own ON DELETE SET NULL, as deltas of the update trigger. No index
        # but the primary key: the reads and the compaction scan it whole, and each
        # index would cost every writer. Autovacuum comes sooner than by default after
        # the compaction's deletes, so that the reads do not scan dead rows for long.
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %s (
                    id serial PRIMARY KEY,
                    company_id int4,
                    team_id int4,
                    user_id int4,
                    stage_id int4,
                    date_deadline date,
                    expected_revenue numeric NOT NULL DEFAULT 0,
                    prorated_revenue numeric NOT NULL DEFAULT 0,
                    lead_count int4 NOT NULL DEFAULT 0
                ) WITH (autovacuum_vacuum_scale_factor = 0.02)
                """,
                SQL.identifier(_LEDGER),
            )
        )
        cr.execute(SQL(_SYNC_FUNCTION))
        for name, event, transition in _TRIGGERS:
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON crm_lead", SQL.identifier(name)))
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s AFTER %s ON crm_lead REFERENCING %s "
                    "FOR EACH STATEMENT EXECUTE FUNCTION crm_lead_forecast_sync()",
                    SQL.identifier(name),
                    SQL(event),
                    SQL(transition),
                )
            )
        # Rebuild from scratch on install and update; SHARE mode lets readers in but
        # holds writers until this transaction commits, so no delta is lost in between.
        self.env["crm.lead"].flush_model()
        cr.execute("LOCK TABLE crm_lead IN SHARE MODE")
        cr.execute(SQL("TRUNCATE %s", SQL.identifier(_LEDGER)))
        cr.execute(
            SQL(
                """
                INSERT INTO %(ledger)s
                       (%(keys)s, expected_revenue, prorated_revenue, lead_count)
                SELECT %(keys)s, SUM(COALESCE(expected_revenue, 0)),
                       SUM(COALESCE(prorated_revenue, 0)), COUNT(*)
                  FROM crm_lead
                 WHERE %(filter)s
                 GROUP BY %(keys)s
                """,
                ledger=SQL.identifier(_LEDGER),
                keys=SQL(_KEYS),
                filter=SQL(_LEAD_FILTER),
            )
        )
        self.invalidate_model()

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        model = self
        if self._crm_sums_ledger_rows(domain, groupby, aggregates):
            model = self.with_context(crm_forecast_ledger_rows=True)
            if groupby:  # a total is one row, even of nothing
                having = expression.AND([having or [], _NONZERO_HAVING])
        return super(CrmLeadForecast, model)._read_group(
            domain, groupby, aggregates, having=having, offset=offset, limit=limit, order=order
        )

    @api.model
    def _crm_sums_ledger_rows(self, domain, groupby, aggregates):
        """Whether this grouped read gives the same from the ledger's rows as from the
        buckets: sums (and counts of rows) of groups of buckets, that is grouped by and
        filtered on the bucket's keys only (record rules are: salesperson, company)."""
        if not set(aggregates) <= _ADDITIVE:
            return False
        if any(spec.split(":")[0].split(".")[0] not in _KEY_FIELDS for spec in groupby):
            return False
        return all(
            not isinstance(leaf, (list, tuple))
            or leaf[0] in (0, 1)  # TRUE_LEAF, FALSE_LEAF
            or leaf[0].split(".")[0] in _KEY_FIELDS
            for leaf in domain
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # every write of crm_lead may change the buckets under the cached records
        self.invalidate_model()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _cron_compact(self):
        """Fold the ledger rows of each bucket into one, drop the emptied buckets.

        :return: (rows folded, rows written in their place), or None when another
            compaction is running
        """
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", _LEDGER))
        if not cr.fetchone()[0]:
            _logger.info("Forecast compaction skipped: another one is running")
            return None
        cr.execute(SQL(_COMPACT))
        folded, kept = cr.fetchone()
        self.invalidate_model()
        _logger.info("Forecast compaction: %s ledger rows folded into %s", folded, kept)
        return folded, kept
