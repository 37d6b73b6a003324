/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/** One ringing call: its caller's card, a short list when several customers
 * have the number, or the unknown caller's buttons. */
export class CallerCard extends Component {
    static template = "crm_cti.CallerCard";
    static props = { popup: Object };

    setup() {
        this.cti = useService("crm_cti");
        // the card re-renders itself when its call's data arrive or change
        this.popupState = useState(this.props.popup);
    }

    get popup() {
        return this.popupState;
    }

    get data() {
        return this.popup.data || {};
    }

    get cards() {
        return this.data.cards || [];
    }

    choose(card) {
        this.popup.chosen = card;
    }

    back() {
        this.popup.chosen = false;
    }

    async openCustomer(card) {
        await this.cti.openRecord("res.partner", card.id);
        this.cti.close(this.popup.callId);
    }

    async openLine(line) {
        if (line.res_model && line.res_id) {
            await this.cti.openRecord(line.res_model, line.res_id);
        }
    }

    async openLead(lead) {
        await this.cti.openRecord("crm.lead", lead.id);
        this.cti.close(this.popup.callId);
    }

    async newLead() {
        await this.cti.newLead(this.popup);
        this.cti.close(this.popup.callId);
    }

    async runAction(card, act) {
        await this.cti.runCardAction(card.id, act.action);
        this.cti.close(this.popup.callId);
    }

    dismiss() {
        this.cti.close(this.popup.callId);
    }
}

/** The stack of caller cards, bottom right of every screen of the agent. */
export class CallerCardContainer extends Component {
    static template = "crm_cti.CallerCardContainer";
    static components = { CallerCard };
    static props = {};

    setup() {
        this.state = useState(useService("crm_cti").state);
    }

    get popups() {
        return Object.values(this.state.popups);
    }
}

registry.category("main_components").add("crm_cti.CallerCardContainer", {
    Component: CallerCardContainer,
});
