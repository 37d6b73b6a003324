/** @odoo-module **/
import { registry } from "@web/core/registry";

const column = (title) => `.o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('${title}'))`;

// A rep drags an opportunity into a stage that requires approval: the move is
// turned into a request and the card goes back to the stage it was in.
registry.category("web_tour.tours").add("crm_pipeline_stage_approval_request", {
    steps: () => [
        {
            trigger: `${column("Tour Open")} .o_kanban_record:contains('Tour Gated Deal')`,
            content: "drag the opportunity into the gated stage",
            run: `drag_and_drop ${column("Tour Gate")}`,
        },
        {
            trigger: `${column("Tour Open")} .o_kanban_record:contains('Tour Gated Deal')`,
            content: "the card is back in its stage",
        },
        {
            trigger: `${column("Tour Gate")}:not(:has(.o_kanban_record:contains('Tour Gated Deal')))`,
        },
    ],
});

// After the manager's approval, the opportunity is in the gated stage.
registry.category("web_tour.tours").add("crm_pipeline_stage_approval_done", {
    steps: () => [
        {
            trigger: `${column("Tour Gate")} .o_kanban_record:contains('Tour Gated Deal')`,
            content: "the approved move is done",
        },
        {
            trigger: `${column("Tour Open")}:not(:has(.o_kanban_record:contains('Tour Gated Deal')))`,
        },
    ],
});
