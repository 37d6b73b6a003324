/** @odoo-module **/
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The whole after-sales story in the browser: a request comes in, routing fills its
// team and technician, a repair issues a part from the team's van, the order is
// resolved with its root cause and invoiced (parts and labour on one invoice).
// The test then rates it as the customer from the e-mail link.
registry.category("web_tour.tours").add("crm_service_repair_flow", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm_service.crm_service_menu_root']",
            run: "click",
        },
        {
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        // --- a request comes in
        {
            content: "Customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Repair Customer",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Repair Customer')",
            run: "click",
        },
        {
            content: "Category routed to the tour team",
            trigger: ".o_field_widget[name=problem_type_id] input",
            run: "edit Tour Pump Failure",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Pump Failure')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        // --- auto-assigned by routing
        {
            content: "Routing chose the team",
            trigger: ".o_field_widget[name=team_id] input:value('Tour Field Team')",
        },
        {
            content: "Routing chose the technician",
            trigger: ".o_field_widget[name=user_id] input:value('Tour Tech Wu')",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
        // --- labour
        {
            trigger: ".o_notebook .nav-link:contains('Labour')",
            run: "click",
        },
        {
            trigger: "div[name=labour_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=labour_ids] .o_data_row .o_field_widget[name=hours] input",
            run: "edit 1:30",
        },
        {
            trigger: "div[name=labour_ids] .o_data_row .o_field_widget[name=note] input",
            run: "edit Replaced the filter",
        },
        ...stepUtils.saveForm(),
        // --- parts issued through a repair order
        {
            trigger: ".o_statusbar_buttons button[name=action_create_repair]",
            run: "click",
        },
        {
            content: "The repair is linked to the service order",
            trigger: ".o_form_view .o_field_widget[name=crm_service_order_id] input:value('SRV/')",
        },
        {
            trigger: "div[name=move_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=move_ids] .o_data_row .o_field_widget[name=product_id] input",
            run: "edit Tour Spare Filter",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Spare Filter')",
            run: "click",
        },
        {
            content: "Confirm: the part is reserved in the van",
            trigger: ".o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_repair_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Under Repair')",
        },
        {
            content: "End the repair: the part leaves the van's stock",
            trigger: ".o_statusbar_buttons button[name=action_repair_end]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Repaired')",
        },
        {
            content: "Back to the service order",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        // --- resolved with its root cause (the category requires it)
        {
            trigger: ".o_form_view .o_field_widget[name=user_id] input:value('Tour Tech Wu')",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Resolution')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=root_cause_id] input",
            run: "edit Tour Worn Bearing",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Worn Bearing')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=department_id] input",
            run: "edit Tour Workshop",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Workshop')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=resolution] .odoo-editor-editable",
            run: "editor Bearing worn out; filter replaced and tested.",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_resolve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        // --- invoiced
        {
            trigger: ".o_statusbar_buttons button[name=action_invoice]",
            run: "click",
        },
        {
            content: "The customer invoice opens",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value('Tour Repair Customer')",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
    ],
});
