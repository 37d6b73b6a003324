/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { registry } from "@web/core/registry";

/**
 * Screen-pop URL for consoles (/crm_cti/pop?number=... redirects here when the
 * number does not designate one record): the server tells which action opens,
 * a list of the matching customers or the new-lead form prefilled.
 */
async function crmCtiScreenPop(env, action) {
    const number = action.params?.number || action.context?.params?.number || "";
    const next = await env.services.orm.call("res.partner", "action_crm_cti_pop", [number]);
    return next;
}
crmCtiScreenPop.path = "crm-cti-pop";

registry.category("actions").add("crm_cti.screen_pop", crmCtiScreenPop);
