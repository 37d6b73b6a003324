/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { CTI_STATUSES } from "../core/cti_service";

const AGENT_FIELDS = [
    "name",
    "cti_extension",
    "cti_status",
    "cti_status_since",
    "cti_current_call_id",
];

/**
 * Supervisor's live board: every agent with an extension, whether signed in,
 * the status and since when, the call in progress. Kept live by the
 * crm_cti/status notifications sent to the CTI managers.
 */
export class CtiAgentBoard extends Component {
    static template = "crm_cti.AgentBoard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.busService = this.env.services.bus_service;
        this.state = useState({ agents: [], now: luxon.DateTime.now() });
        this.statusLabels = Object.fromEntries([
            ["offline", _t("Signed out")],
            ...CTI_STATUSES,
        ]);
        this.onStatus = this.onStatus.bind(this);
        onWillStart(() => this.load());
        this.busService.subscribe("crm_cti/status", this.onStatus);
        this.timer = setInterval(() => (this.state.now = luxon.DateTime.now()), 30000);
        onWillUnmount(() => {
            this.busService.unsubscribe("crm_cti/status", this.onStatus);
            clearInterval(this.timer);
        });
    }

    async load() {
        this.state.agents = await this.orm.searchRead(
            "res.users",
            [["cti_extension", "!=", false], ["share", "=", false]],
            AGENT_FIELDS,
            { order: "cti_extension" }
        );
    }

    async onStatus(payload) {
        const agent = this.state.agents.find((a) => a.id === payload.user_id);
        if (!agent) {
            await this.load();
            return;
        }
        agent.cti_status = payload.status;
        agent.cti_status_since = payload.since;
        if (payload.call_id === false || payload.call_id === undefined) {
            agent.cti_current_call_id = false;
        } else if (!agent.cti_current_call_id || agent.cti_current_call_id[0] !== payload.call_id) {
            // the call's name is read with the supervisor's rights
            const [fresh] = await this.orm.read("res.users", [agent.id], AGENT_FIELDS);
            Object.assign(agent, fresh || {});
        }
    }

    get signedInCount() {
        return this.state.agents.filter((a) => a.cti_status && a.cti_status !== "offline").length;
    }

    statusLabel(agent) {
        return this.statusLabels[agent.cti_status] || agent.cti_status;
    }

    since(agent) {
        if (!agent.cti_status_since) {
            return "";
        }
        return formatDateTime(deserializeDateTime(agent.cti_status_since));
    }

    duration(agent) {
        if (!agent.cti_status_since) {
            return "";
        }
        const start = deserializeDateTime(agent.cti_status_since);
        const minutes = Math.max(0, Math.floor(this.state.now.diff(start, "minutes").minutes));
        return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
    }

    openCall(agent) {
        if (agent.cti_current_call_id) {
            this.action.doAction({
                type: "ir.actions.act_window",
                res_model: "crm.cti.call",
                res_id: agent.cti_current_call_id[0],
                views: [[false, "form"]],
            });
        }
    }
}

registry.category("actions").add("crm_cti.agent_board", CtiAgentBoard);
