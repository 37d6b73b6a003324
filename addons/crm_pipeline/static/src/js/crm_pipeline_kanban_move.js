/** @odoo-module */
// Copyright 2026 CRM Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).

import { DynamicGroupList } from "@web/model/relational_model/dynamic_group_list";
import { patch } from "@web/core/utils/patch";

// An opportunity dropped into a stage that requires approval is saved without
// moving (an approval request is filed instead): reload the columns so that the
// card goes back to the stage it is really in.
patch(DynamicGroupList.prototype, {
    async moveRecord(dataRecordId, dataGroupId, refId, targetGroupId) {
        const result = await super.moveRecord(...arguments);
        if (this.resModel !== "crm.lead" || dataGroupId === targetGroupId) {
            return result;
        }
        const targetGroup = this.groups.find((group) => group.id === targetGroupId);
        const field = targetGroup?.groupByField;
        if (!field || field.type !== "many2one") {
            return result;
        }
        const record = targetGroup.list.records.find((rec) => rec.id === dataRecordId);
        const value = record?.data[field.name];
        if (record && (value ? value[0] : false) !== targetGroup.value) {
            await this.load();
        }
        return result;
    },
});
