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
        await this.cti.dial(
            record.data[this.props.name],
            record.resModel,
            record.resId || false
        );
    },
});
