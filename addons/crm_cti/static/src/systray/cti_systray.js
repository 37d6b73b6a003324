/** @odoo-module **/
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { Component, useState } from "@odoo/owl";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { useDropdownState } from "@web/core/dropdown/dropdown_hooks";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { CTI_STATUSES } from "../core/cti_service";

const STATUS_COLORS = {
    offline: "text-muted",
    available: "text-success",
    busy: "text-danger",
    acw: "text-warning",
    away: "text-secondary",
};

export class CtiSystray extends Component {
    static template = "crm_cti.CtiSystray";
    static components = { Dropdown };
    static props = {};

    setup() {
        this.cti = useService("crm_cti");
        this.state = useState(this.cti.state);
        this.pad = useState({ number: "", dialling: false });
        this.dropdown = useDropdownState();
        this.statuses = CTI_STATUSES;
        this.keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
    }

    get statusColor() {
        return STATUS_COLORS[this.state.status] || "text-muted";
    }

    get statusLabel() {
        if (this.state.status === "offline") {
            return _t("Signed out");
        }
        const found = this.statuses.find(([key]) => key === this.state.status);
        return found ? found[1] : this.state.status;
    }

    get signedIn() {
        return this.state.status && this.state.status !== "offline";
    }

    async setStatus(status) {
        await this.cti.setStatus(status);
    }

    press(key) {
        this.pad.number += key;
    }

    backspace() {
        this.pad.number = this.pad.number.slice(0, -1);
    }

    async dial() {
        if (!this.pad.number.trim() || this.pad.dialling) {
            return;
        }
        this.pad.dialling = true;
        try {
            await this.cti.dial(this.pad.number);
            this.pad.number = "";
        } finally {
            this.pad.dialling = false;
        }
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            this.dial();
        }
    }
}

registry.category("systray").add(
    "crm_cti.CtiSystray",
    { Component: CtiSystray },
    { sequence: 30 }
);
