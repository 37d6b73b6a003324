/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";

async function postEvent(event) {
    const params = window.crmCtiTour;
    const response = await fetch(`/crm_cti/v1/events/${params.pbx_id}`, {
        method: "POST",
        headers: {
            "Content-Type": "application/json",
            Authorization: `Bearer ${params.token}`,
        },
        body: JSON.stringify({ direction: "in", time: Math.floor(Date.now() / 1000), ...event }),
    });
    const result = await response.json();
    if (!result.ok) {
        throw new Error(`event refused: ${JSON.stringify(result)}`);
    }
}

/**
 * The agent signs in from the systray; the PBX posts a ringing event for the
 * agent's extension (the Python test hands the PBX's id and token over in
 * window.crmCtiTour); the caller's card pops up over the bus; a call another
 * agent answers and a call that ends close their cards; a click opens the
 * customer's form.
 */
registry.category("web_tour.tours").add("crm_cti_screen_pop", {
    url: "/odoo",
    steps: () => [
        {
            trigger: ".o_crm_cti_systray",
            run: "click",
        },
        {
            trigger: ".o_crm_cti_sign_in",
            run: "click",
        },
        {
            trigger: ".o_crm_cti_status_label:contains('Available')",
        },
        {
            trigger: ".o_crm_cti_systray",
            run: () =>
                postEvent({
                    event: "ringing",
                    call_id: "tour-call-1",
                    from: window.crmCtiTour.number,
                    extension: "801",
                }),
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_card_name:contains('Beijing Acme')",
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_section_calls",
            // an unknown caller rings too...
            run: () =>
                postEvent({
                    event: "ringing",
                    call_id: "tour-call-2",
                    from: "0755-8888-1234",
                    extension: "801",
                }),
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_unknown",
            // ... and Agent Ma picks it up: its card goes away here
            run: () =>
                postEvent({ event: "answered", call_id: "tour-call-2", extension: "802" }),
        },
        {
            trigger: ".o_crm_cti_popups:not(:has(.o_crm_cti_unknown))",
            run: () =>
                postEvent({
                    event: "ringing",
                    call_id: "tour-call-3",
                    from: "0755-8888-1235",
                    extension: "801",
                }),
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_unknown",
            // the caller hangs up before anybody answers: the card expires
            run: () => postEvent({ event: "hangup", call_id: "tour-call-3", extension: "801" }),
        },
        {
            trigger: ".o_crm_cti_popups:not(:has(.o_crm_cti_unknown))",
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_open_customer",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_breadcrumb:contains('Beijing Acme')",
        },
        {
            trigger: "body:not(:has(.o_crm_cti_card))",
        },
    ],
});

/** The supervisor's board lists the agents with their status, and shows live
 * the call an agent answers (crm_cti/status over the bus). */
registry.category("web_tour.tours").add("crm_cti_agent_board", {
    steps: () => [
        {
            trigger: ".o_crm_cti_board .o_crm_cti_board_offline:contains('Agent Ma')",
        },
        {
            trigger:
                ".o_crm_cti_board .o_crm_cti_board_available:contains('Agent Liu') .o_crm_cti_board_status:contains('Available')",
            run: async () => {
                const call = { call_id: "board-1", extension: "801" };
                await postEvent({ ...call, event: "ringing", from: "0755-8888-9999" });
                await postEvent({ ...call, event: "answered" });
            },
        },
        {
            trigger: ".o_crm_cti_board .o_crm_cti_board_available:contains('Agent Liu') a:contains('0755-8888-9999')",
        },
    ],
});
