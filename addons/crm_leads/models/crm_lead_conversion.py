# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models
from odoo.tools import email_domain_extract

from ..tools.normalize import normalize_company_name

# Mailbox providers: sharing one of these domains says nothing about the employer.
GENERIC_EMAIL_DOMAINS = frozenset(
    {
        "126.com", "139.com", "163.com", "aliyun.com", "foxmail.com", "gmail.com",
        "hotmail.com", "icloud.com", "live.com", "msn.com", "outlook.com", "qq.com",
        "sina.com", "sina.cn", "sohu.com", "yahoo.com", "yeah.net", "yandex.ru",
    }
)
UTM_FIELDS = ("campaign_id", "medium_id", "source_id")


class CrmLead(models.Model):
    """Lead to customer company + contact + opportunity, in one step."""

    _inherit = "crm.lead"

    # ------------------------------------------------------------
    # MATCHING
    # ------------------------------------------------------------

    def _crm_conversion_plan(self):
        """What converting each lead would do, existing customers first.

        :return: {lead id: {"company": res.partner, "create_company": bool,
                            "contact": res.partner, "create_contact": bool}}
        """
        Partner = self.env["res.partner"]
        candidates = self._crm_conversion_candidates()
        plan = {}
        for lead in self:
            if lead.partner_id:
                # Already tied to a customer: keep it, create nothing.
                commercial = lead.partner_id.commercial_partner_id
                plan[lead.id] = {
                    "company": commercial if commercial.is_company else Partner,
                    "create_company": False,
                    "contact": Partner if lead.partner_id.is_company else lead.partner_id,
                    "create_contact": False,
                }
                continue
            partners = candidates.get(lead.id, Partner)
            company = lead._crm_pick_company(partners)
            contact = lead._crm_pick_contact(partners, company)
            if not company and contact.commercial_partner_id.is_company:
                company = contact.commercial_partner_id
            plan[lead.id] = {
                "company": company,
                "create_company": not company and bool(lead.partner_name),
                "contact": contact,
                "create_contact": not contact
                and bool(lead.contact_name or lead.email_from or not lead.partner_name),
            }
        return plan

    def _crm_conversion_candidates(self):
        """Existing partners sharing a key with each lead, readable by the user.

        Exact keys only (normalised e-mail, E.164 phone, normalised company
        name, then the e-mail domain of a company): a conversion links records
        automatically, so near-name guesses are left to the duplicate check.
        """
        Partner = self.env["res.partner"]
        result = {}
        if hasattr(self, "_crm_match_batch"):
            matches = self._crm_match_batch(
                [
                    {
                        "email_from": lead.email_from,
                        "phone": lead.phone,
                        "mobile": lead.mobile,
                        "partner_name": lead.partner_name,
                        "country_id": lead.country_id,
                    }
                    for lead in self
                ]
            )
            all_ids = set().union(*(match["partner_ids"] for match in matches))
            visible = Partner.browse(all_ids)._filtered_access("read")
            for lead, match in zip(self, matches, strict=True):
                result[lead.id] = visible.filtered(lambda p, m=match: p.id in m["partner_ids"])
        else:
            for lead in self:
                result[lead.id] = lead._crm_conversion_lookup()
        # A company e-mail domain is the weakest key: looked up only when nothing
        # else found the company.
        for lead in self:
            domain = lead._crm_email_domain()
            if domain and not result[lead.id].filtered("is_company"):
                pattern = "%@" + domain.replace("%", r"\%").replace("_", r"\_")
                result[lead.id] |= Partner.search(
                    [("is_company", "=", True), ("email_normalized", "=like", pattern)],
                    limit=1,
                )
        return result

    def _crm_conversion_lookup(self):
        """Fallback exact lookup when no batch matcher is installed."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        domains = []
        if self.email_normalized:
            domains.append([("email_normalized", "=", self.email_normalized)])
        phones = [p for p in (self.phone_e164, self.mobile_e164) if p]
        if phones:
            domains.append(["|", ("phone_e164", "in", phones), ("mobile_e164", "in", phones)])
        name_key = normalize_company_name(self.partner_name)
        if name_key:
            first_word = self.partner_name.split()[0]
            domains.append([("is_company", "=", True), ("name", "ilike", first_word)])
        if not domains:
            return Partner
        partners = Partner.search(["|"] * (len(domains) - 1) + sum(domains, []), limit=100)
        return partners.filtered(
            lambda p: not p.is_company
            or normalize_company_name(p.name) == name_key
            or p.email_normalized == self.email_normalized
            or {p.phone_e164, p.mobile_e164} & set(phones)
        )

    def _crm_email_domain(self):
        self.ensure_one()
        domain = email_domain_extract(self.email_normalized or "") or ""
        domain = domain.lower()
        return domain if domain and domain not in GENERIC_EMAIL_DOMAINS else False

    def _crm_pick_company(self, partners):
        """Best company among ``partners``: same name, then phone, then e-mail."""
        self.ensure_one()
        name_key = normalize_company_name(self.partner_name)
        phones = {p for p in (self.phone_e164, self.mobile_e164) if p}
        domain = self._crm_email_domain()

        def score(company, via):
            return (
                bool(name_key) and normalize_company_name(company.name) == name_key,
                bool(phones & {via.phone_e164, via.mobile_e164}),
                bool(self.email_normalized) and via.email_normalized == self.email_normalized,
                bool(domain) and (via.email_normalized or "").endswith("@" + domain),
                -company.id,
            )

        best, best_score = self.env["res.partner"], None
        for partner in partners:
            company = partner.commercial_partner_id
            if not company.is_company:
                continue
            current = score(company, partner)
            if not any(current[:4]):
                continue
            if best_score is None or current > best_score:
                best, best_score = company, current
        return best

    def _crm_pick_contact(self, partners, company):
        """Person among ``partners`` with the lead's e-mail (then phone), under
        ``company`` when there is one."""
        self.ensure_one()
        people = partners.filtered(lambda p: not p.is_company)
        if company:
            people = people.filtered(lambda p: p.commercial_partner_id == company)
        elif self.partner_name:
            people = people.filtered(lambda p: not p.commercial_partner_id.is_company)
        if self.email_normalized:
            by_email = people.filtered(lambda p: p.email_normalized == self.email_normalized)
            if by_email:
                return by_email.sorted("id")[:1]
        phones = {p for p in (self.phone_e164, self.mobile_e164) if p}
        by_phone = people.filtered(lambda p: phones & {p.phone_e164, p.mobile_e164})
        return by_phone.sorted("id")[:1]

    # ------------------------------------------------------------
    # CONVERSION
    # ------------------------------------------------------------

    def _crm_convert_to_customer(self, plan=None):
        """Create or link the customer company and contact of each lead, then turn
        the lead into an opportunity of that customer. Owner and team are kept.

        :param dict plan: as returned by ``_crm_conversion_plan`` (computed when
            not given); the wizard passes the user's choices.
        :return: the opportunities (crm.lead)
        """
        self.check_access("write")
        plan = plan if plan is not None else self._crm_conversion_plan()
        Partner = self.env["res.partner"]
        mappings = self.env["crm.lead.conversion.map"].search([])

        to_create = [lead for lead in self if plan[lead.id]["create_company"]]
        if to_create:
            companies = Partner.create(
                [lead._crm_prepare_company_values(mappings) for lead in to_create]
            )
            for lead, company in zip(to_create, companies, strict=True):
                plan[lead.id]["company"] = company

        to_create = [lead for lead in self if plan[lead.id]["create_contact"]]
        if to_create:
            contacts = Partner.create(
                [
                    lead._crm_prepare_contact_values(plan[lead.id]["company"], mappings)
                    for lead in to_create
                ]
            )
            for lead, contact in zip(to_create, contacts, strict=True):
                plan[lead.id]["contact"] = contact

        for lead in self:
            customer = plan[lead.id]["contact"] or plan[lead.id]["company"]
            user, team = lead.user_id, lead.team_id
            lead.convert_opportunity(customer)
            # Setting the customer may recompute the team from defaults: keep them.
            if lead.user_id != user or lead.team_id != team:
                lead.write({"user_id": user.id, "team_id": team.id})
        return self

    def _crm_partner_common_values(self):
        """Owner, team and campaign data shared by both new partners."""
        Partner = self.env["res.partner"]
        values = {"user_id": self.user_id.id}
        if "team_id" in Partner._fields:  # added by sale, not always installed
            values["team_id"] = self.team_id.id
        for fname in UTM_FIELDS:
            field = Partner._fields.get(fname)
            if field and field.comodel_name == self._fields[fname].comodel_name:
                values[fname] = self[fname].id
        return values

    def _crm_prepare_company_values(self, mappings):
        self.ensure_one()
        values = {
            "name": self.partner_name,
            "is_company": True,
            "street": self.street,
            "street2": self.street2,
            "city": self.city,
            "zip": self.zip,
            "state_id": self.state_id.id,
            "country_id": self.country_id.id,
            "website": self.website,
            "industry_id": self.industry_id.id,
            **self._crm_partner_common_values(),
        }
        if not (self.contact_name or self.email_from):
            # No person to create: the lead's numbers are the company's.
            values.update({"phone": self.phone, "mobile": self.mobile})
        values.update(mappings._crm_values_for(self, "company"))
        return values

    def _crm_prepare_contact_values(self, company, mappings):
        self.ensure_one()
        values = {
            "name": self.contact_name or self.email_from or self.name,
            "is_company": False,
            "parent_id": company.id,
            "type": "contact",
            "email": self.email_from,
            "phone": self.phone,
            "mobile": self.mobile,
            "function": self.function,
            "title": self.title.id,
            **self._crm_partner_common_values(),
        }
        if not company:
            values.update(
                {
                    "street": self.street,
                    "street2": self.street2,
                    "city": self.city,
                    "zip": self.zip,
                    "state_id": self.state_id.id,
                    "country_id": self.country_id.id,
                    "website": self.website,
                }
            )
        if self.lang_id.active:
            values["lang"] = self.lang_id.code
        values.update(mappings._crm_values_for(self, "contact"))
        return values
