# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import importlib.util

from odoo import Command
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged, users
from odoo.tools import SQL

from .common import CrmLeadsCommon

# Possible but not valid for phonenumbers 9.0.43 (the numbers' prefixes are
# missing from its metadata, as a newly opened range would be), so Odoo's
# phone_format() refuses them:
US_NEW_AREA = "+1 861-555-0123"  # an area code the metadata does not list
BRUSSELS = "02 111 22 33"  # national format, read with Belgium
BRUSSELS_E164 = "+3221112233"
CN_NEW_RANGE = "+86 140 1234 5678"  # a 14x block the metadata does not list
# A fictional 555-01xx number: valid for phonenumbers 9.0.43, possible anyway.
US_FICTIONAL = "+1 201-555-0123"


@tagged("post_install", "-at_install", "crm_leads")
class TestPossiblePhoneKeys(CrmLeadsCommon):
    """Numbers libphonenumber calls possible but not valid are keys like any."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.country_be = cls.env.ref("base.be")
        cls.partner_be = cls.env["res.partner"].create(
            {
                "name": "Brussels Bakery",
                "is_company": True,
                "phone": BRUSSELS,
                "mobile": US_FICTIONAL,
                "country_id": cls.country_be.id,
                "user_id": cls.rep.id,
            }
        )
        cls.lead_us = cls.env["crm.lead"].create(
            {
                "name": "New area code",
                "phone": US_NEW_AREA,
                "mobile": CN_NEW_RANGE,
                "user_id": cls.rep.id,
            }
        )

    def test_stored_keys(self):
        self.assertEqual(self.partner_be.phone_e164, BRUSSELS_E164)
        self.assertEqual(self.partner_be.mobile_e164, "+12015550123")
        self.assertEqual(self.lead_us.phone_e164, "+18615550123")
        self.assertEqual(self.lead_us.mobile_e164, "+8614012345678")

    def test_impossible_input_has_no_key(self):
        for typed in ("12", "abc", "call reception", "+999 1234567", "12ab"):
            with self.subTest(typed=typed):
                self.partner_be.phone = typed
                self.assertFalse(self.partner_be.phone_e164)

    @users("crm_rep")
    def test_search_phone_any_format(self):
        Partner = self.env["res.partner"]
        # A number read with the company's country (China) needs its +CC...
        for typed in ("+32 2 111 22 33", "0032 2 111 22 33", "+3221112233"):
            with self.subTest(typed=typed):
                self.assertEqual(Partner._crm_search_phone(typed), self.partner_be)
        # ...a national format is read with the caller's country.
        self.assertEqual(Partner._crm_search_phone(BRUSSELS, self.country_be), self.partner_be)
        country_us = self.env.ref("base.us")
        self.assertEqual(Partner._crm_search_phone("(201) 555-0123", country_us), self.partner_be)
        Lead = self.env["crm.lead"]
        self.assertEqual(Lead._crm_search_phone("+1 (861) 555 0123"), self.lead_us)
        self.assertEqual(Lead._crm_search_phone("140-1234-5678"), self.lead_us)
        self.assertEqual(Lead._crm_search_phone("+86 14012345678"), self.lead_us)

    @users("crm_rep")
    def test_phone_lookup_search_field(self):
        Partner, Lead = self.env["res.partner"], self.env["crm.lead"]
        for operator in ("=", "ilike"):
            with self.subTest(operator=operator):
                found = Partner.search([("phone_lookup", operator, "+32 2 111 22 33")])
                self.assertEqual(found, self.partner_be)
                found = Lead.search([("phone_lookup", operator, "140 1234 5678")])
                self.assertEqual(found, self.lead_us)
        # A part of a number still finds it by substring.
        self.assertIn(self.partner_be, Partner.search([("phone_lookup", "ilike", "111 22 33")]))
        self.assertFalse(Partner.search([("phone_lookup", "=", "abc")]))

    @users("crm_rep2")
    def test_duplicate_check(self):
        Lead = self.env["crm.lead"]
        results = Lead._crm_match_batch(
            [
                {"phone": BRUSSELS, "country_id": self.country_be.id},
                {"mobile": "+1 861 555 0123"},
                {"phone": "140 1234 5678"},  # national format read with China
            ]
        )
        self.assertEqual(results[0]["partner_ids"], {self.partner_be.id})
        self.assertEqual(results[1]["lead_ids"], {self.lead_us.id})
        self.assertEqual(results[2]["lead_ids"], {self.lead_us.id})
        matches = Lead._crm_find_matches({"phone": "+32 2 111 22 33"})
        self.assertEqual(matches["partner_ids"], {self.partner_be.id})

    @users("crm_rep")
    def test_match_fields_on_a_new_lead(self):
        with Form(self.env["crm.lead"]) as lead_form:
            lead_form.name = "Call back"
            lead_form.phone = "+32 2 111 22 33"
            self.assertEqual(lead_form.crm_match_partner_count, 1)
            self.assertIn("Brussels Bakery", lead_form.crm_match_warning)
            lead_form.phone = US_NEW_AREA
            self.assertEqual(lead_form.crm_match_lead_count, 1)
            self.assertIn("New area code", lead_form.crm_match_warning)
        self.assertEqual(lead_form.record.crm_match_lead_ids, self.lead_us)

    @users("crm_rep2")
    def test_collision_with_another_reps_customer(self):
        lead = self.env["crm.lead"].create(
            {"name": "Bakery again", "phone": BRUSSELS, "country_id": self.country_be.id}
        )
        self.assertEqual(lead.crm_collision_user_ids, self.rep)
        self.assertEqual(lead.crm_collision_owner_names, "Rep Li")

    def test_web_form_accepts_possible_numbers(self):
        form = self.env["crm.lead.form"].create(
            {
                "name": "Contact us",
                "field_ids": [
                    Command.clear(),
                    Command.create({"field_name": "contact_name", "required": True}),
                    Command.create({"field_name": "phone"}),
                ],
            }
        )
        for number in (US_NEW_AREA, "+32 2 111 22 33", CN_NEW_RANGE):
            with self.subTest(number=number):
                values, errors = form._prepare_lead_values({"contact_name": "Ann", "phone": number})
                self.assertFalse(errors)
                self.assertEqual(values["phone"], number)
        _values, errors = form._prepare_lead_values({"contact_name": "Ann", "phone": "12"})
        self.assertEqual(set(errors), {"phone"})

    def test_migration_keys_existing_rows(self):
        """The 18.0.1.3.0 post-migration keys the rows that kept a number
        without key, and leaves the other keys alone."""
        self.env.flush_all()
        for record in (self.partner_be, self.lead_us):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET phone_e164 = NULL, mobile_e164 = NULL WHERE id = %s",
                    SQL.identifier(record._table),
                    record.id,
                )
            )
        path = get_module_path("crm_leads") + "/migrations/18.0.1.3.0/post-migration.py"
        spec = importlib.util.spec_from_file_location("crm_leads_post_migration_1_3", path)
        script = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(script)
        script.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(self.partner_be.phone_e164, BRUSSELS_E164)  # its own country
        self.assertEqual(self.partner_be.mobile_e164, "+12015550123")
        self.assertEqual(self.lead_us.phone_e164, "+18615550123")
        self.assertEqual(self.lead_us.mobile_e164, "+8614012345678")
        self.assertEqual(self.partner.phone_e164, "+861062436040")
