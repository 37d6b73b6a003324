# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from werkzeug.urls import url_encode

from odoo import http
from odoo.http import request

# Longer than any phone number, short enough for a log line.
MAX_NUMBER_LENGTH = 64


class CtiScreenPop(http.Controller):
    @http.route("/crm_cti/card", type="json", auth="user")
    def caller_card(self, call_id=None, **kwargs):
        """The caller's card of a ringing call, computed with the agent's rights.

        The bus only tells the browser which call rings; everything shown comes
        from here. The agent gets the card of a call they may read or whose
        extension rang for them, and only the customers they may read.
        """
        if not isinstance(call_id, int) or isinstance(call_id, bool):
            return {"ok": False, "error": "bad_call"}
        env = request.env
        call = env["crm.cti.call"].browse(call_id).exists()
        if not call:
            return {"ok": False, "error": "unknown_call"}
        # sudo: crm.cti.call - the call follows its customer's record rules, so an
        # agent it rings for may not read it when they may not read the customer;
        # it is only read to check that it rang for this agent and to get its
        # number and the records it matched, which are re-read with the agent's
        # rights (an unreadable customer is left out of the answer)
        call_sudo = call.sudo()
        if env.user not in call_sudo.ringing_user_ids and not call.has_access("read"):
            return {"ok": False, "error": "not_yours"}
        caller = env["res.partner"]._crm_cti_caller(call_sudo.number, call_sudo)
        return {
            "ok": True,
            "call_id": call.id,
            "direction": call_sudo.direction,
            **caller,
        }

    @http.route("/crm_cti/pop", type="http", auth="user", methods=["GET"])
    def screen_pop(self, number=None, **kwargs):
        """Screen-pop URL for consoles that open a page with the caller's number:
        the customer's form, the lead's, a list of the matches, or the new-lead
        form prefilled with the number."""
        number = (number or "").strip()[:MAX_NUMBER_LENGTH]
        action = request.env["res.partner"].action_crm_cti_pop(number)
        if action.get("res_id"):
            return request.redirect(f"/odoo/{action['res_model']}/{int(action['res_id'])}")
        return request.redirect("/odoo/crm-cti-pop?" + url_encode({"number": number}))
