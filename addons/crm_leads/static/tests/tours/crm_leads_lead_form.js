/** @odoo-module **/
import { registry } from "@web/core/registry";

// Runs on the preview page of a web-to-lead form: fill it in like a visitor,
// post it (a real, script-less form post) and land on the thank-you page.
registry.category("web_tour.tours").add("crm_leads_lead_form", {
    steps: () => [
        {
            trigger: "form.o_crm_lead_form input[name=contact_name]",
            run: "edit Tour Visitor",
        },
        {
            trigger: "form.o_crm_lead_form input[name=email_from]",
            run: "edit tour.visitor@example.com",
        },
        {
            trigger: "form.o_crm_lead_form input[name=phone]",
            run: "edit 138 0013 8000",
        },
        {
            trigger: "form.o_crm_lead_form textarea[name=description]",
            run: "edit Please call me back",
        },
        {
            trigger: "form.o_crm_lead_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_crm_lead_form_message:contains(Thanks from the tour)",
        },
    ],
});
