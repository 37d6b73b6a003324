/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";

/**
 * The agent signs in from the systray; the PBX posts a ringing event for the
 * agent's extension (the Python test hands the PBX's id and token over in
 * window.crmCtiTour); the caller's card pops up over the bus; a click opens the
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
            async run() {
                const params = window.crmCtiTour;
                const response = await fetch(`/crm_cti/v1/events/${params.pbx_id}`, {
                    method: "POST",
                    headers: {
                        "Content-Type": "application/json",
                        Authorization: `Bearer ${params.token}`,
                    },
                    body: JSON.stringify({
                        event: "ringing",
                        call_id: "tour-call-1",
                        direction: "in",
                        from: params.number,
                        to: "01062436000",
                        extension: "801",
                        time: Math.floor(Date.now() / 1000),
                    }),
                });
                const result = await response.json();
                if (!result.ok) {
                    throw new Error(`event refused: ${JSON.stringify(result)}`);
                }
            },
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_card_name:contains('Beijing Acme')",
        },
        {
            trigger: ".o_crm_cti_card .o_crm_cti_section_calls",
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
