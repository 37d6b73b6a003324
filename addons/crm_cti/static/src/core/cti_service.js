/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { reactive } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

export const CTI_STATUSES = [
    ["available", _t("Available")],
    ["busy", _t("Busy")],
    ["acw", _t("After-call work")],
    ["away", _t("Away")],
];

/**
 * The agent's telephony state in this browser: status, the ringing calls whose
 * caller cards are shown, dialling.
 *
 * The PBX's events reach the server, which notifies only the agents whose
 * extension rings (crm_cti/ringing) over the bus. The payload is not trusted
 * beyond the call id: the card is asked from the server, computed with the
 * agent's own rights.
 */
export const ctiService = {
    dependencies: ["bus_service", "orm", "action", "notification"],
    async start(env, { bus_service, orm, action, notification }) {
        const state = reactive({
            isAgent: false,
            isManager: false,
            status: "offline",
            since: false,
            extension: false,
            /** call id -> {callId, number, direction, loading, data, chosen, answeredBy} */
            popups: {},
        });

        async function loadAgent() {
            const [isAgent, isManager] = await Promise.all([
                user.hasGroup("crm_cti.group_crm_cti_agent"),
                user.hasGroup("crm_cti.group_crm_cti_manager"),
            ]);
            state.isAgent = isAgent;
            state.isManager = isManager;
            if (!isAgent) {
                return;
            }
            const [me] = await orm.read(
                "res.users",
                [user.userId],
                ["cti_status", "cti_status_since", "cti_extension"]
            );
            state.status = me.cti_status || "offline";
            state.since = me.cti_status_since;
            state.extension = me.cti_extension;
        }

        async function setStatus(status) {
            const result = await orm.call("res.users", "cti_set_status", [status]);
            state.status = result.status;
            state.since = result.since;
        }

        async function dial(number, resModel = false, resId = false) {
            number = (number || "").trim();
            if (!number) {
                return false;
            }
            // A refusing or unreachable PBX raises a UserError: the RPC error
            // dialog shows its message.
            const result = await orm.call("crm.cti.call", "action_cti_dial", [
                number,
                resModel,
                resId,
            ]);
            notification.add(_t("Calling %(number)s…", { number }), { type: "info" });
            return result;
        }

        async function loadCard(callId) {
            const popup = state.popups[callId];
            if (!popup) {
                return;
            }
            popup.loading = true;
            let data;
            try {
                data = await rpc("/crm_cti/card", { call_id: callId }, { silent: true });
            } catch {
                data = { ok: false, error: "unreachable" };
            }
            if (!state.popups[callId]) {
                return; // closed meanwhile
            }
            popup.loading = false;
            popup.data = data;
            if (data.ok && data.cards.length === 1) {
                popup.chosen = data.cards[0];
            }
        }

        function onRinging(payload) {
            if (!payload || !payload.call_id || !state.isAgent) {
                return;
            }
            const callId = payload.call_id;
            if (!state.popups[callId]) {
                state.popups[callId] = {
                    callId,
                    number: payload.number,
                    direction: payload.direction,
                    loading: true,
                    data: false,
                    chosen: false,
                };
            }
            loadCard(callId);
        }

        function close(callId) {
            delete state.popups[callId];
        }

        function onAnswered(payload) {
            // another agent took the call: the card goes away on this screen
            if (payload && payload.user_id !== user.userId) {
                close(payload.call_id);
            }
        }

        function onEnded(payload) {
            if (payload) {
                close(payload.call_id);
            }
        }

        async function openRecord(resModel, resId) {
            await action.doAction({
                type: "ir.actions.act_window",
                res_model: resModel,
                res_id: resId,
                views: [[false, "form"]],
                target: "current",
            });
        }

        async function newLead(popup) {
            const context = { ...(popup.data?.new_lead || {}) };
            if (popup.chosen) {
                context.default_partner_id = popup.chosen.id;
            }
            await action.doAction({
                type: "ir.actions.act_window",
                res_model: "crm.lead",
                views: [[false, "form"]],
                target: "current",
                context,
            });
        }

        /** A section's button: an action's xml id (opened for the customer) or
         * the name of a public res.partner method returning the action. */
        async function runCardAction(partnerId, name) {
            if (name.includes(".")) {
                await action.doAction(name, {
                    additionalContext: {
                        active_id: partnerId,
                        active_ids: [partnerId],
                        active_model: "res.partner",
                        default_partner_id: partnerId,
                    },
                });
                return;
            }
            const result = await orm.call("res.partner", name, [[partnerId]]);
            if (result) {
                await action.doAction(result);
            }
        }

        bus_service.subscribe("crm_cti/ringing", onRinging);
        bus_service.subscribe("crm_cti/answered", onAnswered);
        bus_service.subscribe("crm_cti/ended", onEnded);
        bus_service.subscribe("crm_cti/status", (payload) => {
            if (payload && payload.user_id === user.userId) {
                state.status = payload.status;
                state.since = payload.since;
            }
        });
        bus_service.start();
        loadAgent(); // not awaited: the web client does not wait for telephony

        return {
            state,
            setStatus,
            dial,
            close,
            openRecord,
            newLead,
            runCardAction,
            reload: loadAgent,
        };
    },
};

registry.category("services").add("crm_cti", ctiService);
