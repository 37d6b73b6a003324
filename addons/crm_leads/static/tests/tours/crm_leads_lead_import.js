/** @odoo-module **/
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

const CSV = "Name,Company,Email\nTour lead,Tour Import Ltd,tour@import.test\nBroken,Broken Ltd,not-an-email\n";

registry.category("web_tour.tours").add("crm_leads_lead_import", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_menu_sections button:contains('Sales')",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='crm_leads.crm_lead_import_menu']",
            run: "click",
        },
        {
            content: "Upload a small CSV file with one bad row",
            trigger: ".modal .o_field_widget[name=file] .o_select_file_button",
            run() {
                const input = document.querySelector(
                    ".modal .o_field_widget[name=file] input[type=file]"
                );
                const transfer = new DataTransfer();
                transfer.items.add(new File([CSV], "tour_leads.csv", { type: "text/csv" }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The preview shows the first rows",
            trigger: ".modal .o_crm_leads_import_preview td:contains('tour@import.test')",
        },
        {
            content: "The e-mail column is recognised",
            trigger: ".modal .o_field_widget[name=column_ids] td[name=field_key]:contains('Email')",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "One row rejected",
            trigger: ".o_field_widget[name=rejected_count]:contains('1')",
        },
        {
            content: "The rejected rows can be downloaded",
            trigger: ".o_field_widget[name=rejected_file] a.o_form_uri:contains('.xlsx')",
        },
        {
            trigger: ".o_field_widget[name=created_count]:contains('1')",
        },
    ],
});
