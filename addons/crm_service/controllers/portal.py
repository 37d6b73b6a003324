# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import re

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

_logger = logging.getLogger(__name__)

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SUBJECT_MAX = 200
DESCRIPTION_MAX = 5000


class CrmServicePortal(CustomerPortal):
    """/my/service: the customer's company's service requests.

    Every read goes through the portal user's own environment, so the record
    rules (crm_service_order_rule_portal) decide what exists for them; the
    routes add no filter of their own.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_count" in counters:
            Order = request.env["crm.service.order"]
            values["service_count"] = (
                Order.search_count([], limit=1000) if Order.has_access("read") else 0
            )
        return values

    def _service_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_request desc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name desc, id desc"},
            "stage": {"label": request.env._("Stage"), "order": "stage_id, id desc"},
        }

    def _service_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("Open"),
                "domain": [("stage_type", "not in", ("resolved", "closed", "cancelled"))],
            },
            "done": {
                "label": request.env._("Resolved"),
                "domain": [("stage_type", "in", ("resolved", "closed"))],
            },
        }

    @http.route(
        ["/my/service", "/my/service/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_service_orders(self, page=1, sortby=None, filterby=None, **kw):
        Order = request.env["crm.service.order"]
        if not Order.has_access("read"):
            return request.redirect("/my")
        sortings = self._service_searchbar_sortings()
        filters = self._service_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/service",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Order.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        orders = Order.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_service_history"] = orders.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "orders": orders,
                "page_name": "service",
                "pager": pager,
                "default_url": "/my/service",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("crm_service.portal_my_service_orders", values)

    @http.route("/my/service/<int:order_id>", type="http", auth="public", website=True)
    def portal_my_service_order(self, order_id, access_token=None, **kw):
        try:
            # The user's own rules, or the order's access token (mail links)
            order_sudo = self._document_check_access(
                "crm.service.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            order_sudo,
            access_token,
            {"order": order_sudo, "page_name": "service_order"},
            "my_service_history",
            False,
            **kw,
        )
        return request.render("crm_service.portal_my_service_order", values)

    # ------------------------------------------------------------
    # NEW REQUEST
    # ------------------------------------------------------------

    @http.route("/my/service/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_service_new(self, **kw):
        if not request.env.user._is_portal():
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "service_new", "errors": {}, "post": {}})
        return request.render("crm_service.portal_service_new", values)

    @http.route("/my/service/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_service_new_submit(self, **post):
        user = request.env.user
        if not user._is_portal():
            return request.redirect("/my")
        subject = _CONTROL_CHARS.sub("", str(post.get("subject") or "")).strip()
        subject = re.sub(r"[\r\n\t]+", " ", subject)
        description = _CONTROL_CHARS.sub("", str(post.get("description") or "")).strip()
        errors = {}
        if not subject:
            errors["subject"] = request.env._("Please say in a few words what is wrong.")
        elif len(subject) > SUBJECT_MAX:
            errors["subject"] = request.env._(
                "Please use at most %(max)s characters.", max=SUBJECT_MAX
            )
        if len(description) > DESCRIPTION_MAX:
            errors["description"] = request.env._(
                "Please use at most %(max)s characters.", max=DESCRIPTION_MAX
            )
        if errors:
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "service_new", "errors": errors, "post": post})
            return request.render("crm_service.portal_service_new", values, status=400)
        # The technical user creates the order (portal users have no create
        # right); only the customer's own contact and what they typed go in.
        robot_env = request.env(
            user=request.env.ref("crm_service.user_crm_service_request_robot").id
        )
        order = (
            robot_env["crm.service.order"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": user.partner_id.id,
                    "company_id": user.company_id.id,
                    "channel": "portal",
                    "description": plaintext2html(
                        f"{subject}\n\n{description}" if description else subject
                    ),
                }
            )
        )
        # sudo: crm.service.order - the customer follows their own request so
        # that the team's answers reach them; the id is the one just created
        order.sudo().message_subscribe(partner_ids=user.partner_id.ids)
        return request.redirect(f"/my/service/{order.id}")
