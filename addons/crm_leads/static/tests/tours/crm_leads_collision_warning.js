/** @odoo-module **/
import { registry } from "@web/core/registry";

// A rep types another rep's customer's phone in another format: the collision
// banner names the owner before anything is saved.
registry.category("web_tour.tours").add("crm_leads_collision_warning", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=name] :is(input, textarea)",
            run: "edit Call about pumps",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=phone] input",
            run: "edit +86 10 6243 6040",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name] :is(input, textarea)",
            run: "click",
        },
        {
            trigger: ".o_crm_leads_match_warning:contains(Owner Chen)",
        },
        {
            trigger: ".o_form_button_cancel",
            run: "click",
        },
    ],
});
