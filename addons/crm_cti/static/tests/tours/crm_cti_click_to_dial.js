/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";

/** Dial from a customer's phone field, then from the systray's dial pad. */
registry.category("web_tour.tours").add("crm_cti_click_to_dial", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=phone] .o_crm_cti_dial_button",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Calling 010-6243-6040')",
        },
        {
            trigger: ".o_crm_cti_systray",
            run: "click",
        },
        {
            trigger: ".o_crm_cti_dialpad button:contains('1')",
            run: "click",
        },
        {
            trigger: ".o_crm_cti_dial_number",
            run: "edit 13800138000",
        },
        {
            trigger: ".o_crm_cti_dial:enabled",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Calling 13800138000')",
        },
    ],
});

/** A console opens the screen-pop URL of an unknown number: the new-lead form,
 * prefilled with the number. */
registry.category("web_tour.tours").add("crm_cti_pop_url", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=phone] input:value('+86 755 8888 1234')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] textarea:value('Call from 0755-8888-1234')",
        },
    ],
});

/** The call statistics open in pivot, graph and list views. */
registry.category("web_tour.tours").add("crm_cti_statistics", {
    steps: () => [
        {
            trigger: ".o_pivot_view .o_pivot table:contains('Agent Liu')",
        },
        {
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Agent Liu')",
        },
    ],
});
