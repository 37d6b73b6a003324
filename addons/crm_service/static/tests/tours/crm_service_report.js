/** @odoo-module **/
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A technician opens the service analysis (pivot, graph, list) with its default
// "This Month" filter, then the SLA compliance and escalation analyses.
registry.category("web_tour.tours").add("crm_service_report", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm_service.crm_service_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Service Analysis')",
            run: "click",
        },
        {
            trigger: ".o_searchview .o_facet_value:contains('This Month')",
        },
        {
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Tech Report')",
        },
        {
            trigger: ".o_pivot td.o_pivot_cell_value:contains('1')",
        },
        {
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_renderer canvas",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_list_renderer .o_data_row td:contains('Report Team')",
        },
        {
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('SLA Compliance')",
            run: "click",
        },
        {
            trigger: ".o_pivot",
        },
        {
            trigger: ".o_menu_sections button:contains('Reporting')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Escalations')",
            run: "click",
        },
        {
            trigger: ".o_pivot",
        },
    ],
});
