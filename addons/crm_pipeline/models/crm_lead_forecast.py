# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

# Why a pre-aggregated table: the forecast sums every open opportunity, so any plan on
# crm_lead reads one row per open opportunity (750,000 of the benchmark's 1,000,000).
# Neither stock Odoo's parallel sequential scan (p50 1.5 s) nor an index only scan of
# a partial covering index (0.7 s) gets near 150 ms (tests/bench/bench_forecast.py).
# This table keeps the sums per company, team, salesperson, stage and day of expected
# closing; the pivot reads a few ten thousand rows instead (58,400 there: 56 ms).
#
# It is kept by statement-level triggers on crm_lead, in the writing transaction: a
# rollback takes its changes with it, and every path that writes crm_lead (ORM,
# imports, raw SQL) is covered. Each statement adds its deltas with INSERT ... ON
# CONFLICT DO UPDATE, bucket rows locked in key order; updates that change no forecast
# figure touch no bucket. Two transactions changing the same bucket (same salesperson,
# stage and closing day) are serialized by the row lock; under Odoo's REPEATABLE READ
# the later one fails with a serialization error and Odoo retries it, as for any
# concurrent update of one row, so no delta is lost. A cron or a materialized view
# would be simpler but stale, and ORM overrides would miss SQL writes. Day buckets
# serve week (whatever the language's first day), month, quarter and year alike.

_LEAD_FILTER = "active AND type = 'opportunity'"
_KEYS = "company_id, team_id, user_id, stage_id, date_deadline"
# NULL keys are one bucket each: the unique index and ON CONFLICT use the same
# COALESCE expressions (0 is never a record id, year 1 never a closing date)
_CONFLICT_KEYS = (
    "(COALESCE(company_id, 0)), (COALESCE(team_id, 0)), (COALESCE(user_id, 0)), "
    "(COALESCE(stage_id, 0)), (COALESCE(date_deadline, DATE '0001-01-01'))"
)
# one statement's deltas, added bucket by bucket; the buckets left without any
# opportunity are collected into ``emptied`` and deleted by their id
_UPSERT = f"""
        WITH upserted AS (
            INSERT INTO crm_lead_forecast AS f
                   ({_KEYS}, expected_revenue, prorated_revenue, lead_count)
            SELECT {_KEYS}, SUM(expected_revenue), SUM(prorated_revenue), SUM(lead_count)
              FROM (%s) AS delta
             GROUP BY {_KEYS}
            HAVING SUM(lead_count) <> 0 OR SUM(expected_revenue) <> 0
                   OR SUM(prorated_revenue) <> 0
             ORDER BY {_KEYS}
                ON CONFLICT ({_CONFLICT_KEYS}) DO UPDATE
               SET expected_revenue = f.expected_revenue + EXCLUDED.expected_revenue,
                   prorated_revenue = f.prorated_revenue + EXCLUDED.prorated_revenue,
                   lead_count = f.lead_count + EXCLUDED.lead_count
            RETURNING f.id, f.lead_count
        )
        SELECT array_agg(id) INTO emptied FROM upserted WHERE lead_count = 0;
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
DECLARE
    emptied int4[];
BEGIN
    IF to_regclass('crm_lead_forecast') IS NULL THEN
        RETURN NULL;  -- crm_pipeline uninstalled: its table is gone, nothing to keep
    END IF;
    IF TG_OP = 'INSERT' THEN
        {_UPSERT % _NEW}
    ELSIF TG_OP = 'UPDATE' THEN
        {_UPSERT % (_NEW + " UNION ALL " + _OLD)}
    ELSE
        {_UPSERT % _OLD}
    END IF;
    IF emptied IS NOT NULL THEN
        DELETE FROM crm_lead_forecast WHERE id = ANY(emptied);
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

    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    date_deadline = fields.Date("Expected Closing", readonly=True)
    expected_revenue = fields.Float(readonly=True, aggregator="sum")
    prorated_revenue = fields.Float("Weighted Revenue", readonly=True, aggregator="sum")
    lead_count = fields.Integer("Opportunities", readonly=True, aggregator="sum")

    def init(self):
        cr = self.env.cr
        # the partial covering index of an earlier design, slower than this table
        cr.execute("DROP INDEX IF EXISTS crm_lead_forecast_index")
        cr.execute(
            """
            CREATE TABLE IF NOT EXISTS crm_lead_forecast (
                id serial PRIMARY KEY,
                company_id int4,
                team_id int4,
                user_id int4,
                stage_id int4,
                date_deadline date,
                expected_revenue numeric NOT NULL DEFAULT 0,
                prorated_revenue numeric NOT NULL DEFAULT 0,
                lead_count int4 NOT NULL DEFAULT 0
            )
            """
        )
        # no foreign keys: a deleted salesperson or team reaches this table through
        # crm_lead's own ON DELETE SET NULL, as a delta of the update trigger
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS crm_lead_forecast_key ON crm_lead_forecast (%s)",
                SQL(_CONFLICT_KEYS),
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
        cr.execute("TRUNCATE crm_lead_forecast")
        cr.execute(
            SQL(
                """
                INSERT INTO crm_lead_forecast
                       (%(keys)s, expected_revenue, prorated_revenue, lead_count)
                SELECT %(keys)s, SUM(COALESCE(expected_revenue, 0)),
                       SUM(COALESCE(prorated_revenue, 0)), COUNT(*)
                  FROM crm_lead
                 WHERE %(filter)s
                 GROUP BY %(keys)s
                """,
                keys=SQL(_KEYS),
                filter=SQL(_LEAD_FILTER),
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # The triggers see what reached crm_lead: opportunities changed in this
        # transaction and still in the ORM's cache are written first.
        self.env["crm.lead"].flush_model()
        self.invalidate_model()
        return super()._search(domain, offset=offset, limit=limit, order=order)
