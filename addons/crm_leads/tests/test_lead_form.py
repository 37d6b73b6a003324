# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.crm_leads.controllers import main as lead_form_controller
from odoo.addons.crm_leads.models.crm_lead_form import HONEYPOT_FIELD, CrmLeadForm
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged, users
from odoo.tools import mute_logger

from .common import CrmLeadsCommon

ORIGIN = "https://www.example.com"


class LeadFormCommon(CrmLeadsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Web Team", "use_leads": True})
        cls.utm_source = cls.env["utm.source"].create({"name": "Web Form Source"})
        cls.utm_medium = cls.env["utm.medium"].create({"name": "Web Form Medium"})
        cls.utm_campaign = cls.env["utm.campaign"].create({"name": "Web Form Campaign"})

        def line(name, required=False, **extra):
            return Command.create({"field_name": name, "required": required, **extra})

        cls.form = cls.env["crm.lead.form"].create(
            {
                "name": "Contact us",
                "team_id": cls.team.id,
                "source_id": cls.utm_source.id,
                "medium_id": cls.utm_medium.id,
                "campaign_id": cls.utm_campaign.id,
                "thanks_message": "Thanks from the tour",
                "allowed_origins": "https://www.example.com/contact\nhttp://shop.example.com:8080",
                "rate_limit": 3,
                "field_ids": [
                    Command.clear(),
                    line("contact_name", True, sequence=1, label="Your name"),
                    line("email_from", True, sequence=2),
                    line("phone", sequence=3),
                    line("partner_name", sequence=4, max_length=20),
                    line("description", sequence=5),
                ],
            }
        )
        cls.submit_path = f"/crm/lead_form/{cls.form.key}/submit"

    def _valid_post(self, **extra):
        return {
            "contact_name": "Chen Jie",
            "email_from": "chen.jie@example.com",
            "phone": "138 0013 8000",
            "partner_name": "Jie Trading",
            "description": "Need a quote",
            **extra,
        }

    def _process_queue(self):
        """Run the cron that turns queued submissions into leads."""
        self.env.invalidate_all()
        self.env["crm.lead.form.hit"]._cron_process_submissions()

    def _form_leads(self):
        self._process_queue()
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("lead_form_id", "=", self.form.id)])
        )


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadFormModel(LeadFormCommon):
    def test_snippet(self):
        """The snippet posts to the public key (not the id), asks the form's
        fields and carries a CSS-hidden honeypot."""
        snippet = self.form.snippet_html
        base_url = self.form.get_base_url()
        self.assertIn(f'action="{base_url}/crm/lead_form/{self.form.key}/submit"', snippet)
        self.assertIn('method="post"', snippet)
        self.assertIn('name="contact_name"', snippet)
        self.assertIn('type="email"', snippet)
        self.assertIn('type="tel"', snippet)
        self.assertIn("<textarea", snippet)
        self.assertIn('maxlength="20"', snippet)
        self.assertIn(f'name="{HONEYPOT_FIELD}"', snippet)
        self.assertNotIn('type="hidden"', snippet)
        self.assertNotIn("<script", snippet)
        self.assertNotIn(f"/crm/lead_form/{self.form.id}/", snippet)

    @users("crm_manager")
    def test_manager_creates_form_in_view(self):
        """The manager's form view works: default fields, team and snippet."""
        with Form(self.env["crm.lead.form"]) as form:
            form.name = "Trade fair"
            form.team_id = self.team
            form.campaign_id = self.utm_campaign
        record = form.record
        self.assertEqual(
            record.field_ids.mapped("field_name"),
            ["contact_name", "email_from", "phone", "description"],
        )
        self.assertEqual(record.field_ids[1].max_length, 254)
        self.assertIn(record.key, record.snippet_html)
        self.assertEqual(record.action_view_leads()["domain"], [("lead_form_id", "=", record.id)])

    def test_key_random_and_regenerated(self):
        other = self.env["crm.lead.form"].create({"name": "Other"})
        self.assertNotEqual(other.key, self.form.key)
        self.assertGreaterEqual(len(other.key), 32)
        # Default fields are offered on a new form.
        self.assertIn("email_from", other.field_ids.mapped("field_name"))
        old = other.key
        other.action_regenerate_key()
        self.assertNotEqual(other.key, old)
        self.assertIn(other.key, other.snippet_html)

    def test_unsafe_fields_refused(self):
        for name in ("user_id", "stage_id", "partner_id", "probability"):
            self.assertNotIn(name, dict(self.env["crm.lead.form.field"]._selection_field_name()))
            self.assertFalse(self.env["crm.lead.form.field"]._is_safe_field_name(name))
            with self.subTest(name=name), self.assertRaises(ValidationError):
                self.form.write({"field_ids": [Command.create({"field_name": name})]})

    def test_origins_validated(self):
        with self.assertRaises(ValidationError):
            self.form.allowed_origins = "javascript:alert(1)"
        with self.assertRaises(ValidationError):
            self.form.redirect_url = "ftp://example.com/thanks"
        self.assertEqual(
            self.form._get_allowed_origins(),
            {
                "https://www.example.com",
                "http://shop.example.com:8080",
                self.form.get_base_url().rstrip("/"),
            },
        )

    def test_cron_forgets_old_hits(self):
        Hit = self.env["crm.lead.form.hit"]
        old = Hit.create({"form_id": self.form.id, "remote_addr": "10.0.0.1"})
        recent = Hit.create({"form_id": self.form.id, "remote_addr": "10.0.0.2"})
        old_done = Hit.create({"form_id": self.form.id, "remote_addr": "10.0.0.3", "state": "done"})
        # Submissions still waiting for their lead are never forgotten.
        waiting = Hit.create(
            [
                {"form_id": self.form.id, "remote_addr": "10.0.0.4", "state": state}
                for state in ("pending", "failed")
            ]
        )
        self.env.cr.execute(
            "UPDATE crm_lead_form_hit SET create_date = %s WHERE id = ANY(%s)",
            (fields.Datetime.now() - timedelta(days=2), (old | old_done | waiting).ids),
        )
        Hit._cron_gc_hits()
        self.assertFalse(old.exists())
        self.assertFalse(old_done.exists())
        self.assertTrue(recent.exists())
        self.assertEqual(waiting.exists(), waiting)

    def test_rep_cannot_manage_forms(self):
        form = self.form.with_user(self.rep)
        self.assertEqual(form.name, "Contact us")
        with self.assertRaises(AccessError):
            form.write({"name": "Hacked"})


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadFormEndpoint(LeadFormCommon, HttpCase):
    def _patch_logger(self):
        # The request runs in the server's thread: watch the controller's logger.
        return patch.object(lead_form_controller._logger, "info")

    def _post(self, data, origin=ORIGIN, as_json=True, path=None, **kwargs):
        headers = {"Accept": "application/json"} if as_json else {"Accept": "text/html"}
        if origin:
            headers["Origin"] = origin
        return self.url_open(path or self.submit_path, data=data, headers=headers, **kwargs)

    def test_submit_creates_lead(self):
        cron = self.env.ref("crm_leads.ir_cron_crm_lead_form_submissions")
        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search_count([("cron_id", "=", cron.id)])
        response = self._post(self._valid_post(user_id=str(self.rep.id)))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"ok": True, "message": "Thanks from the tour"})
        self.assertEqual(response.headers.get("Access-Control-Allow-Origin"), ORIGIN)
        # Queued with the form's answers only, and the cron woken up.
        self.env.invalidate_all()
        hit = self.env["crm.lead.form.hit"].search([("form_id", "=", self.form.id)])
        self.assertEqual(hit.state, "pending")
        self.assertEqual(set(hit.payload), set(self.form.field_ids.mapped("field_name")))
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.assertEqual(self.form.submission_count, 1)
        self.assertEqual(self.form.pending_submission_count, 1)

        lead = self._form_leads()
        self.assertEqual(len(lead), 1)
        self.assertEqual(hit.state, "done")
        self.assertEqual(hit.lead_id, lead)
        self.assertFalse(hit.payload)
        self.assertEqual(lead.type, "lead")
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.source_id, self.utm_source)
        self.assertEqual(lead.medium_id, self.utm_medium)
        self.assertEqual(lead.campaign_id, self.utm_campaign)
        self.assertEqual(lead.email_from, "chen.jie@example.com")
        self.assertEqual(lead.phone_e164, "+8613800138000")
        self.assertEqual(lead.contact_name, "Chen Jie")
        self.assertFalse(lead.user_id)
        self.assertEqual(lead.create_uid, self.env.ref("crm_leads.user_crm_lead_form_robot"))
        self.assertIn("Chen Jie", lead.name)
        self.form.invalidate_recordset()
        self.assertEqual(self.form.submission_count, 1)
        self.assertEqual(self.form.pending_submission_count, 0)
        self.assertEqual(self.form.lead_count, 1)
        # Nothing but the thank-you text comes back: no lead id.
        self.assertNotIn(str(lead.id), response.text)
        self.assertNotIn("id", response.json())

    def test_submission_count_not_stored(self):
        """The counter is derived (no UPDATE of the form's row by each post) and
        counts the leads, archived ones too, and the queue."""
        field = self.env["crm.lead.form"]._fields["submission_count"]
        self.assertFalse(field.store)
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'crm_lead_form' AND column_name = 'submission_count'"
        )
        self.assertFalse(self.env.cr.fetchall())
        for index in range(2):
            self._post(self._valid_post(contact_name=f"Visitor {index}"))
        leads = self._form_leads()
        leads[0].action_archive()
        self._post(self._valid_post(contact_name="Queued"))
        self.form.invalidate_recordset()
        self.assertEqual(self.form.submission_count, 3)
        self.assertEqual(self.form.pending_submission_count, 1)

    def test_form_without_team(self):
        """Without a team the lead is still created (assignment rules may route
        it) and owned by nobody rather than by the technical user."""
        self.form.team_id = False
        response = self._post(self._valid_post())
        self.assertEqual(response.status_code, 200)
        lead = self._form_leads()
        self.assertEqual(len(lead), 1)
        robot = self.env.ref("crm_leads.user_crm_lead_form_robot")
        self.assertNotEqual(lead.user_id, robot)
        self.assertEqual(lead.campaign_id, self.utm_campaign)

    def test_form_without_team_auto_assigned(self):
        """The assignment rules route web leads to a team member, although the
        technical user creating them may not read them afterwards."""
        self.form.team_id = False
        self.env.company.crm_auto_assignment = True
        team = self.env["crm.team"].create({"name": "Routed Team", "use_leads": True})
        self.env["crm.team.member"].create(
            [
                {"crm_team_id": team.id, "user_id": user.id, "assignment_max": 30}
                for user in (self.rep, self.rep2)
            ]
        )
        self.env["crm.assignment.rule"].create(
            {"name": "Everything", "team_id": team.id, "sequence": 1}
        )
        for index in range(3):
            response = self._post(self._valid_post(contact_name=f"Visitor {index}"))
            self.assertEqual(response.status_code, 200)
        leads = self._form_leads()
        self.assertEqual(len(leads), 3)
        self.assertEqual(leads.team_id, team)
        self.assertEqual(leads.user_id, self.rep | self.rep2)
        self.assertEqual(set(self.env["crm.lead.form.hit"].search([]).mapped("state")), {"done"})

    def test_required_field_missing(self):
        response = self._post(self._valid_post(email_from=""))
        self.assertEqual(response.status_code, 400)
        payload = response.json()
        self.assertFalse(payload["ok"])
        self.assertEqual(list(payload["errors"]), ["email_from"])
        self.assertEqual(payload["errors"]["email_from"], "This field is required.")
        self.assertFalse(self._form_leads())

    def test_bad_email_and_phone(self):
        response = self._post(self._valid_post(email_from="not-an-email", phone="12ab"))
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(set(errors), {"email_from", "phone"})
        self.assertIn("e-mail", errors["email_from"])
        self.assertIn("phone", errors["phone"])
        self.assertFalse(self._form_leads())

    def test_too_long(self):
        response = self._post(self._valid_post(partner_name="x" * 21))
        self.assertEqual(response.status_code, 400)
        self.assertIn("20", response.json()["errors"]["partner_name"])
        self.assertFalse(self._form_leads())

    def test_body_too_large(self):
        size = lead_form_controller.MAX_BODY_SIZE + 1024
        response = self._post(self._valid_post(description="y" * size))
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._form_leads())

    def test_honeypot(self):
        with self._patch_logger() as log:
            response = self._post(self._valid_post(**{HONEYPOT_FIELD: "http://spam"}))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["ok"])
        self.assertFalse(self._form_leads())
        self.form.invalidate_recordset()
        self.assertEqual(self.form.submission_count, 0)
        hit = self.env["crm.lead.form.hit"].search([])
        self.assertEqual(len(hit), 1)
        self.assertFalse(hit.state)
        self.assertFalse(hit.payload)
        self.assertIn("honeypot", log.call_args[0][0])

    def test_rate_limit(self):
        for index in range(3):
            response = self._post(self._valid_post(contact_name=f"Visitor {index}"))
            self.assertEqual(response.status_code, 200)
        with self._patch_logger() as log:
            response = self._post(self._valid_post(contact_name="Visitor 4"))
        self.assertIn("rate limit", log.call_args[0][0])
        self.assertEqual(response.status_code, 429)
        self.assertFalse(response.json()["ok"])
        self.assertEqual(len(self._form_leads()), 3)
        # Another address is not affected.
        self.env["crm.lead.form.hit"].search([]).remote_addr = "192.0.2.1"
        response = self._post(self._valid_post(contact_name="Visitor 5"))
        self.assertEqual(response.status_code, 200)

    def test_disallowed_origin(self):
        for origin in ("https://evil.example.net", "null", None):
            with self.subTest(origin=origin), self._patch_logger() as log:
                response = self._post(self._valid_post(), origin=origin)
                self.assertIn("refused", log.call_args[0][0])
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("Access-Control-Allow-Origin", response.headers)
        self.assertFalse(self._form_leads())

    def test_allowed_origin_by_port_and_referer(self):
        response = self._post(self._valid_post(), origin="http://shop.example.com:8080")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Access-Control-Allow-Origin"], "http://shop.example.com:8080"
        )
        response = self.url_open(
            self.submit_path,
            data=self._valid_post(),
            headers={"Accept": "application/json", "Referer": f"{ORIGIN}/contact?x=1"},
        )
        self.assertEqual(response.status_code, 200)

    def test_preflight(self):
        url = f"{self.base_url()}{self.submit_path}"
        response = self.opener.options(url, headers={"Origin": ORIGIN}, timeout=12)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response.headers["Access-Control-Allow-Origin"], ORIGIN)
        self.assertIn("POST", response.headers["Access-Control-Allow-Methods"])
        response = self.opener.options(
            url, headers={"Origin": "https://evil.example.net"}, timeout=12
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("Access-Control-Allow-Origin", response.headers)

    def test_unknown_or_inactive_form(self):
        response = self._post(self._valid_post(), path="/crm/lead_form/" + "A" * 32 + "/submit")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(response.json()["ok"])
        self.form.active = False
        response = self._post(self._valid_post())
        self.assertEqual(response.status_code, 404)
        # The id never works as a key.
        response = self._post(self._valid_post(), path=f"/crm/lead_form/{self.form.id}/submit")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._form_leads())

    def test_get_not_allowed(self):
        response = self.url_open(self.submit_path)
        self.assertEqual(response.status_code, 405)

    def test_fields_not_on_form_ignored(self):
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        other_team = self.env["crm.team"].create({"name": "Other Team"})
        response = self._post(
            self._valid_post(
                user_id=str(self.rep.id),
                stage_id=str(won_stage.id),
                partner_id=str(self.partner.id),
                team_id=str(other_team.id),
                probability="100",
                type="opportunity",
                lead_form_id="0",
                mobile="13900139000",
            )
        )
        self.assertEqual(response.status_code, 200)
        lead = self._form_leads()
        self.assertFalse(lead.user_id)
        self.assertFalse(lead.partner_id)
        self.assertFalse(lead.mobile)
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.type, "lead")
        self.assertNotEqual(lead.stage_id, won_stage)
        self.assertLess(lead.probability, 100)

    def test_description_is_escaped(self):
        text = '<b>bold</b><script>alert("x")</script>\nsecond line'
        response = self._post(self._valid_post(description=text))
        self.assertEqual(response.status_code, 200)
        lead = self._form_leads()
        description = str(lead.description)
        self.assertNotIn("<script", description)
        self.assertNotIn("<b>", description)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt;", description)
        self.assertIn("second line", description)

    def test_rep_cannot_read_other_lead(self):
        """A logged-in rep posting another rep's lead ids gets nothing of it
        back and changes nothing."""
        secret = self.env["crm.lead"].create(
            {
                "name": "Secret deal",
                "contact_name": "Hidden Person",
                "email_from": "hidden@example.org",
                "user_id": self.rep2.id,
            }
        )
        self.authenticate("crm_rep", "crm_rep")
        response = self._post(
            self._valid_post(id=str(secret.id), lead_id=str(secret.id), name="Overwrite")
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.json()), {"ok", "message"})
        for leaked in ("Secret deal", "Hidden Person", "hidden@example.org"):
            self.assertNotIn(leaked, response.text)
        secret.invalidate_recordset()
        self.assertEqual(secret.name, "Secret deal")
        self.assertEqual(secret.user_id, self.rep2)
        self.assertNotEqual(self._form_leads(), secret)

    def test_html_answers(self):
        """Without JSON the visitor gets a small page or a redirect."""
        response = self._post(self._valid_post(email_from="bad"), as_json=False)
        self.assertEqual(response.status_code, 400)
        self.assertIn("text/html", response.headers["Content-Type"])
        self.assertIn("Please enter a valid e-mail address.", response.text)
        self.assertNotIn("<script", response.text)

        response = self._post(self._valid_post(), as_json=False, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/crm/lead_form/{self.form.key}/thanks")
        )
        page = self.url_open(response.headers["Location"])
        self.assertIn("Thanks from the tour", page.text)

        self.form.redirect_url = "https://www.example.com/thank-you"
        response = self._post(
            self._valid_post(contact_name="Other"), as_json=False, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response.headers["Location"], "https://www.example.com/thank-you")
        self.assertEqual(len(self._form_leads()), 2)

    def test_preview_needs_login(self):
        preview = f"/crm/lead_form/{self.form.key}/preview"
        response = self.url_open(preview, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.authenticate("crm_rep2", "crm_rep2")
        response = self.url_open(preview)
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="contact_name"', response.text)

    def test_preview_tour(self):
        self.start_tour(
            f"/crm/lead_form/{self.form.key}/preview", "crm_leads_lead_form", login="admin"
        )
        # The visitor saw the thank-you page; the lead comes from the queue.
        lead = self._form_leads()
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.contact_name, "Tour Visitor")
        self.assertEqual(lead.email_from, "tour.visitor@example.com")
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.source_id, self.utm_source)
        self.assertEqual(lead.medium_id, self.utm_medium)
        self.assertEqual(lead.campaign_id, self.utm_campaign)
        self.assertEqual(lead.type, "lead")


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadFormCollisions(LeadFormCommon, HttpCase):
    """The public form answers every visitor the same way, whatever the database
    holds; a returning customer's lead is kept and its collision handled inside."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The approver's to-do is mailed from the technical user, who has no
        # address of its own: the company's default sender is used.
        cls.env.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "crm.example.com", "default_from": "notifications"}
        )
        # Another rep's customer, reachable by e-mail and by phone.
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Returning Customer Ltd",
                "is_company": True,
                "email": "buyer@returning.example",
                "phone": "+86 139 0013 9000",
                "user_id": cls.rep2.id,
            }
        )

    def _unknown_post(self):
        return self._valid_post(
            email_from="someone.new@example.org", phone="+86 137 0013 7000", partner_name=""
        )

    def _returning_posts(self):
        return {
            "e-mail": self._valid_post(
                email_from="buyer@returning.example", phone="", partner_name=""
            ),
            "phone": self._valid_post(
                email_from="other@example.org", phone="139 0013 9000", partner_name=""
            ),
        }

    def _answer(self, data, as_json=True):
        headers = {"Accept": "application/json" if as_json else "text/html", "Origin": ORIGIN}
        response = self.url_open(
            self.submit_path, data=data, headers=headers, allow_redirects=False
        )
        return response.status_code, response.content, response.headers.get("Location")

    def test_same_answer_whatever_the_policy(self):
        Request = self.env["crm.collision.request"]
        for policy in ("warn", "block", "approve"):
            self.team.crm_collision_policy = policy
            for as_json in (True, False):
                with self.subTest(policy=policy, as_json=as_json):
                    # A fresh rate-limit window: the limit is not what is tested.
                    before = self._form_leads()
                    self.env["crm.lead.form.hit"].search([]).unlink()
                    expected = self._answer(self._unknown_post(), as_json)
                    self.assertEqual(expected[0], 200 if as_json else 303)
                    for key, data in self._returning_posts().items():
                        answer = self._answer(data, as_json)
                        self.assertEqual(answer, expected, key)
                        for leaked in (b"Rep Wang", b"Contact us", b"Returning"):
                            self.assertNotIn(leaked, answer[1])
                    leads = self._form_leads() - before
                    self.assertEqual(len(leads), 3, "every lead is kept")
                    returning = leads.filtered(
                        lambda lead: lead.email_from != "someone.new@example.org"
                    )
                    self.assertEqual(len(returning), 2)
                    self.assertFalse((leads - returning).crm_collision_pending)
                    self.assertFalse(leads.user_id)
                    requests = Request.search([("lead_id", "in", leads.ids)])
                    if policy == "warn":
                        # Saved with the banner naming the owner, as for a rep.
                        self.assertFalse(returning.filtered("crm_collision_pending"))
                        self.assertFalse(requests)
                        for lead in returning:
                            self.assertIn("Rep Wang", lead.crm_match_warning)
                    else:
                        # Kept, flagged and sent to the approval flow, whose
                        # rejection gives the lead to the customer's rep.
                        self.assertTrue(all(returning.mapped("crm_collision_pending")))
                        self.assertEqual(requests.lead_id, returning)
                        self.assertEqual(requests.owner_user_id, self.rep2)
                        self.assertEqual(set(requests.mapped("state")), {"pending"})
        self.assertFalse(
            self.env["crm.lead.form.hit"].search([("state", "in", ("pending", "failed"))])
        )
        request = requests[0]
        request.with_user(self.manager).action_reject()
        self.assertEqual(request.lead_id.user_id, self.rep2)
        self.assertFalse(request.lead_id.crm_collision_pending)

    def test_block_policy_by_rep_still_refused(self):
        """Only public submissions are kept: a rep saving the same lead is still
        refused by a team that blocks."""
        self.team.crm_collision_policy = "block"
        with self.assertRaises(ValidationError):
            self.env["crm.lead"].with_user(self.rep).create(
                {"name": "Mine now", "email_from": "buyer@returning.example",
                 "team_id": self.team.id, "user_id": self.rep.id}
            )

    def test_unexpected_error_creating_lead(self):
        """A lead that cannot be created shows nothing to the visitor, stays in
        the queue with its error, is retried, and exists once the cause is gone."""
        expected = self._answer(self._unknown_post())
        self._process_queue()
        Lead = type(self.env["crm.lead"])
        secret = UserError("Secret: handled by Rep Wang")
        with patch.object(Lead, "create", side_effect=secret), mute_logger(
            "odoo.addons.crm_leads.models.crm_lead_form_hit"
        ):
            answer = self._answer(self._returning_posts()["e-mail"])
            self.assertEqual(answer, expected)
            self._process_queue()
        hit = self.env["crm.lead.form.hit"].search([("state", "=", "failed")])
        self.assertEqual(len(hit), 1)
        self.assertEqual(hit.attempt_count, 1)
        self.assertIn("Secret", hit.error)
        self.assertTrue(hit.date_retry)
        form = self.form.with_user(self.manager)
        self.assertEqual(form.failed_submission_count, 1)
        self.assertEqual(form.submission_count, 2)
        self.assertIn("Secret", form.submission_error)
        # Not retried before its time...
        self.assertFalse(
            self._form_leads().filtered(lambda lead: lead.email_from == "buyer@returning.example")
        )
        # ...unless a manager asks.
        form.action_retry_submissions()
        lead = self._form_leads().filtered(
            lambda lead: lead.email_from == "buyer@returning.example"
        )
        self.assertEqual(len(lead), 1)
        self.assertEqual(hit.state, "done")
        self.assertEqual(hit.lead_id, lead)
        form.invalidate_recordset()
        self.assertEqual(form.failed_submission_count, 0)
        self.assertEqual(form.submission_count, 2)

    def test_unexpected_error_checking_answers(self):
        """A bug in the checks of the request neither shows nor loses anything:
        the submission is queued and checked again with its lead."""
        expected = self._answer(self._unknown_post())
        secret = UserError("Secret: handled by Rep Wang")
        with patch.object(
            CrmLeadForm, "_prepare_lead_values", side_effect=secret
        ), mute_logger("odoo.addons.crm_leads.controllers.main"):
            answer = self._answer(self._returning_posts()["phone"])
        self.assertEqual(answer, expected)
        self.assertEqual(len(self._form_leads()), 2)

    def test_one_bad_submission_does_not_hold_back_the_batch(self):
        for index in range(3):
            self._answer(self._valid_post(contact_name=f"Visitor {index}"))
        self.env.invalidate_all()
        hits = self.env["crm.lead.form.hit"].search([("state", "=", "pending")])
        self.assertEqual(len(hits), 3)
        # The form asks for a field that the middle submission lacks now.
        hits[1].payload = {**hits[1].payload, "contact_name": ""}
        with mute_logger("odoo.addons.crm_leads.models.crm_lead_form_hit"):
            leads = self._form_leads()
        self.assertEqual(len(leads), 2)
        self.assertEqual(hits.mapped("state"), ["done", "failed", "done"])
        self.assertIn("contact_name", hits[1].error)
