/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { useState } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";
import { PhoneField } from "@web/views/fields/phone/phone_field";

/**
 * Click-to-dial on every phone field (customers, contacts, leads, service
 * orders...) for CTI agents: the PBX rings the agent's extension, then the
 * number. The call is logged against the record the number is on.
 */
patch(PhoneField.prototype, {
    setup() {
        super.setup(...arguments);
        // absent where the web client's services are not all started (unit tests)
        this.cti = this.env.services.crm_cti;
        this.ctiState = this.cti ? useState(this.cti.state) : { isAgent: false };
    },

    get ctiCanDial() {
        return this.ctiState.isAgent && Boolean(this.props.record.data[this.props.name]);
    },

    async ctiDial() {
        const record = this.props.record;
        let [resModel, resId] = [record.resModel, record.resId || false];
        // the call is logged on a customer or a lead: from any other document
        // (a service order...), on the document's customer
        if (!["res.partner", "crm.lead"].includes(resModel)) {
            const partner = record.data.partner_id;
            const partnerId = Array.isArray(partner) ? partner[0] : partner?.id;
            [resModel, resId] = partnerId ? ["res.partner", partnerId] : [false, false];
        }
        await this.cti.dial(record.data[this.props.name], resModel, resId);
    },
});
