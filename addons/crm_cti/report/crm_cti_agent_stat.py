# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL

# Ids of the status rows: negative, so that they never meet a call's id; a status
# interval gives one row per day it covers (at most this many days).
STATUS_ROW_DAYS = 100000


class CrmCtiAgentStat(models.Model):
    """Call-centre statistics per agent and day.

    One row per call and one per day of each status interval of an agent, so
    that the pivot and the graph sum and average them correctly whatever the
    grouping: the averages are SQL ``avg()`` over the rows where they apply
    (``NULL`` elsewhere), never averages of averages. Days are in the agent's
    time zone (an agent in Beijing works from 08:00 UTC).
    """

    _name = "crm.cti.agent.stat"
    _description = "Call Centre Statistics"
    _auto = False
    _rec_name = "user_id"
    _order = "day desc, user_id"

    user_id = fields.Many2one("res.users", "Agent", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    day = fields.Date(readonly=True)
    inbound_count = fields.Integer("Inbound Calls", readonly=True)
    outbound_count = fields.Integer("Outbound Calls", readonly=True)
    answered_count = fields.Integer(
        "Answered Inbound", readonly=True, help="Inbound calls the agent answered."
    )
    answer_rate = fields.Float(
        "Answer Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the inbound calls the agent answered.",
    )
    wait_time = fields.Float(
        "Average Wait (s)",
        readonly=True,
        aggregator="avg",
        help="Ringing time of inbound calls before they were answered or given up.",
    )
    talk_time_avg = fields.Float(
        "Average Talk (s)", readonly=True, aggregator="avg", help="Over answered calls."
    )
    talk_time = fields.Float("Total Talk (min)", readonly=True)
    signed_in_time = fields.Float("Signed-in Time (h)", readonly=True)
    available_time = fields.Float("Available Time (h)", readonly=True)

    @property
    def _table_query(self):
        return SQL("%s UNION ALL %s", self._select_calls(), self._select_statuses())

    @api.model
    def _agent_tz(self, alias):
        return SQL("COALESCE(NULLIF(%s.tz, ''), 'UTC')", SQL.identifier(alias))

    @api.model
    def _select_calls(self):
        tz = self._agent_tz("agent_partner")
        return SQL(
            """
            SELECT call.id AS id,
                   call.user_id AS user_id,
                   call.company_id AS company_id,
                   (call.date_ring AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                   (call.direction = 'in')::int AS inbound_count,
                   (call.direction = 'out')::int AS outbound_count,
                   (call.direction = 'in' AND call.date_answer IS NOT NULL)::int
                       AS answered_count,
                   CASE WHEN call.direction = 'in' AND call.state = 'ended'
                        THEN CASE WHEN call.date_answer IS NOT NULL THEN 100.0 ELSE 0.0 END
                   END AS answer_rate,
                   CASE WHEN call.direction = 'in' AND call.state = 'ended'
                        THEN call.wait_time END AS wait_time,
                   CASE WHEN call.date_answer IS NOT NULL AND call.state = 'ended'
                        THEN call.talk_time END AS talk_time_avg,
                   COALESCE(call.talk_time, 0) / 60.0 AS talk_time,
                   0.0 AS signed_in_time,
                   0.0 AS available_time
              FROM crm_cti_call call
              JOIN res_users agent ON agent.id = call.user_id
              JOIN res_partner agent_partner ON agent_partner.id = agent.partner_id
             WHERE call.date_ring IS NOT NULL
            """,
            tz=tz,
        )

    @api.model
    def _select_statuses(self):
        # Open intervals (the current status) count up to now. An interval over
        # midnight is cut at each midnight of the agent's time zone.
        tz = self._agent_tz("agent_partner")
        return SQL(
            """
            SELECT -(piece.log_id::bigint * %(days)s + (piece.day - piece.first_day))
                       AS id,
                   piece.user_id,
                   piece.company_id,
                   piece.day::date AS day,
                   0, 0, 0, NULL::numeric, NULL::numeric, NULL::numeric, 0.0,
                   piece.seconds / 3600.0 AS signed_in_time,
                   CASE WHEN piece.status = 'available' THEN piece.seconds / 3600.0
                        ELSE 0.0 END AS available_time
              FROM (
                SELECT log.id AS log_id,
                       log.user_id,
                       log.company_id,
                       log.status,
                       day::date AS day,
                       log.local_start::date AS first_day,
                       EXTRACT(EPOCH FROM LEAST(log.local_end, day + interval '1 day')
                                        - GREATEST(log.local_start, day)) AS seconds
                  FROM (
                    SELECT status_log.id,
                           status_log.user_id,
                           status_log.company_id,
                           status_log.status,
                           status_log.date_start AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s
                               AS local_start,
                           COALESCE(status_log.date_end, now() AT TIME ZONE 'UTC')
                               AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s AS local_end
                      FROM crm_cti_agent_status_log status_log
                      JOIN res_users agent ON agent.id = status_log.user_id
                      JOIN res_partner agent_partner ON agent_partner.id = agent.partner_id
                     WHERE status_log.status != 'offline'
                  ) log,
                  generate_series(date_trunc('day', log.local_start),
                                  date_trunc('day', log.local_end),
                                  interval '1 day') AS day
              ) piece
             WHERE piece.seconds > 0
            """,
            tz=tz,
            days=STATUS_ROW_DAYS,
        )
