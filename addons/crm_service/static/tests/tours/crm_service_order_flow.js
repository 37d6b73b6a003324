/** @odoo-module **/
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("crm_service_order_flow", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm_service.crm_service_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_kanban_renderer .o_kanban_group .o_column_title:contains('New')",
        },
        {
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Service Customer",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Service Customer')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=problem_type_id] input",
            run: "edit Tour Breakdown",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Breakdown')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            trigger: ".o_statusbar_buttons button[name=action_assign]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Assigned')",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
    ],
});
