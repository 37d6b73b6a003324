/** @odoo-module **/
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_leads_customer_master", {
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
            trigger: ".dropdown-item[data-menu-xmlid='crm_leads.crm_leads_menu_customer_master']",
            run: "click",
        },
        {
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Customer Ltd",
        },
        {
            trigger: ".o_field_widget[name=phone] input",
            run: "edit 010-6243-6040",
        },
        ...stepUtils.saveForm(),
    ],
});
