# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import io
import zipfile
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo.addons.crm_leads.models.crm_lead_import_job import CrmLeadImportJob
from odoo.addons.crm_leads.tools import lead_file_reader
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged, users

from .common import CrmLeadsCommon

EN_HEADER = "Name,Company,Contact,Email,Phone,Mobile,Job title,City,Country,Source,Notes"
ZH_HEADER = "线索,公司名称,联系人,邮箱,座机,手机,职位,城市,国家,来源,备注"


def csv_bytes(lines, encoding="utf-8"):
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows):
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            sheet.write(row_index, col_index, value)
    workbook.close()
    return output.getvalue()


class LeadImportCommon(CrmLeadsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source_fair = cls.env["utm.source"].create({"name": "Canton Fair 2026"})
        cls.medium = cls.env["utm.medium"].create({"name": "Trade Show"})
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring Expo"})
        cls.team = cls.env["crm.team"].create({"name": "Import Team"})

    def _wizard(self, data, filename="leads.csv", **values):
        form = Form(self.env["crm.lead.import"])
        form.file = base64.b64encode(data)
        batch_size = values.pop("batch_size", None)
        for fname, value in values.items():
            setattr(form, fname, value)
        wizard = form.save()
        # filename is set by the upload widget, batch size only in debug mode
        wizard.filename = filename
        if batch_size:
            wizard.batch_size = batch_size
        return wizard

    def _import(self, data, filename="leads.csv", **values):
        wizard = self._wizard(data, filename, **values)
        action = wizard.action_import()
        return self.env["crm.lead.import.job"].browse(action["res_id"])

    def _job_leads(self, job):
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("import_job_id", "=", job.id)], order="id")
        )


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadImportFile(LeadImportCommon):
    def test_english_headers_mapped(self):
        data = csv_bytes([EN_HEADER, "Pumps,Acme,Ann,ann@acme.test,,,,,,,"])
        wizard = self._wizard(data)
        self.assertEqual(
            wizard.column_ids.mapped("field_key"),
            [
                "name",
                "partner_name",
                "contact_name",
                "email_from",
                "phone",
                "mobile",
                "function",
                "city",
                "country",
                "source",
                "description",
            ],
        )
        self.assertEqual(wizard.column_ids[3].sample, "ann@acme.test")
        self.assertIn("ann@acme.test", wizard.preview_html)

    def test_chinese_headers_mapped_gb18030(self):
        """A GB18030 file from Chinese Excel: headers mapped, names read correctly."""
        data = csv_bytes(
            [
                ZH_HEADER,
                "水泵询价,上海泵业有限公司,张伟,zhang@pump.test,021-6234-5678,"
                "13912345678,采购经理,上海,中国,展会,需要报价",
            ],
            encoding="gb18030",
        )
        with self.assertRaises(UnicodeDecodeError):
            data.decode("utf-8")
        wizard = self._wizard(data)
        self.assertEqual(
            wizard.column_ids.mapped("field_key"),
            [
                "name",
                "partner_name",
                "contact_name",
                "email_from",
                "phone",
                "mobile",
                "function",
                "city",
                "country",
                "source",
                "description",
            ],
        )
        job = wizard.action_import()
        job = self.env["crm.lead.import.job"].browse(job["res_id"])
        lead = self._job_leads(job)
        self.assertEqual(job.created_count, 1)
        self.assertEqual(lead.name, "水泵询价")
        self.assertEqual(lead.partner_name, "上海泵业有限公司")
        self.assertEqual(lead.country_id, self.country_cn)
        self.assertEqual(lead.phone_e164, "+862162345678")
        self.assertEqual(lead.source_id.name, "展会")
        self.assertIn("需要报价", lead.description)

    def test_xlsx_read(self):
        data = xlsx_bytes(
            [
                ["Name", "Company", "Mobile", "Country"],
                ["Valves", "Valve Works", 13800138001, "CN"],
                ["Seals", "Seal Co", "+1 650 253 0000", "United States"],
            ]
        )
        job = self._import(data, "leads.xlsx")
        leads = self._job_leads(job)
        self.assertEqual(job.state, "done")
        self.assertEqual(leads.mapped("name"), ["Valves", "Seals"])
        self.assertEqual(leads[0].mobile_e164, "+8613800138001")
        self.assertEqual(leads[1].country_id, self.env.ref("base.us"))

    def test_broken_files(self):
        zip_not_xlsx = io.BytesIO()
        with zipfile.ZipFile(zip_not_xlsx, "w") as archive:
            archive.writestr("readme.txt", "hello")
        cases = {
            "blank": (b" \n\n", "empty"),
            "header only": (csv_bytes([EN_HEADER]), "no rows"),
            "binary": (bytes(range(256)) * 4, "not a spreadsheet"),
            "zip": (zip_not_xlsx.getvalue(), "not a spreadsheet"),
            "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 64, ".xls"),
            "not utf-8 nor gb18030": (b"Name\nabc\xff\xfe\xfa\x80\x81\n", "UTF-8"),
        }
        for label, (data, message) in cases.items():
            with self.subTest(label), self.assertRaisesRegex(UserError, message):
                self.env["crm.lead.import"].create({"file": base64.b64encode(data)}).action_import()
        self.assertFalse(self.env["crm.lead.import.job"].search([]))

    def test_unmapped_name_refused(self):
        data = csv_bytes(["Email,Phone", "a@b.test,"])
        with self.assertRaisesRegex(UserError, "Lead Name, Company or Contact"):
            self._wizard(data).action_import()


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadImportRows(LeadImportCommon):
    @users("crm_rep")
    def test_bad_rows_rejected_good_rows_created(self):
        data = csv_bytes(
            [
                EN_HEADER,
                "Good one,Alpha Ltd,Ann,ann@alpha.test,010-8888-0001,,,,,,",
                'Bad mail,Beta Ltd,Bob,bob@@beta,,,,,,,=HYPERLINK("http://x")',
                "Bad phone,Gamma Ltd,Cai,,12ab,,,,,,",
                ",,,nobody@none.test,,,,,,,",
                "Bad country,Delta Ltd,Dan,,,,,,Atlantis,,",
                "Good two,Epsilon Ltd,Eve,eve@epsilon.test,,13900000002,,,中国,,",
            ]
        )
        job = self._import(
            data,
            source_id=self.source_fair,
            medium_id=self.medium,
            campaign_id=self.campaign,
            team_id=self.team,
        )
        self.assertEqual(job.user_id, self.env.user)
        self.assertEqual((job.created_count, job.rejected_count), (2, 4))
        self.assertEqual(job.progress, 100)
        leads = self._job_leads(job)
        self.assertEqual(leads.mapped("name"), ["Good one", "Good two"])
        self.assertEqual(leads.source_id, self.source_fair)
        self.assertEqual(leads.medium_id, self.medium)
        self.assertEqual(leads.campaign_id, self.campaign)
        self.assertEqual(leads.team_id, self.team)
        self.assertEqual(leads.user_id, self.env.user)
        rejections = job.rejection_ids
        self.assertEqual(rejections.mapped("line_number"), [3, 4, 5, 6])
        self.assertIn("bob@@beta", rejections[0].reason)
        self.assertIn("Invalid e-mail", rejections[0].reason)
        self.assertIn("Invalid phone", rejections[1].reason)
        self.assertIn("Missing name", rejections[2].reason)
        self.assertIn("Unknown country", rejections[3].reason)

        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.rejected_file))).active
        self.assertEqual(sheet["A1"].value, "Line")
        self.assertEqual(sheet["D1"].value, "Company")
        self.assertEqual([sheet.cell(row, 1).value for row in range(2, 6)], [3, 4, 5, 6])
        formula_cell = sheet.cell(2, 13)  # Line, Reason, then the 11 file columns
        self.assertEqual(formula_cell.value, '=HYPERLINK("http://x")')
        self.assertEqual(formula_cell.data_type, "s")
        self.assertTrue(job.rejected_filename.endswith(".xlsx"))

    def test_lengths_and_row_source(self):
        data = csv_bytes(
            ["Name,Company,Source", f"{'x' * 300},Long Ltd,", "Short,Short Ltd,Brand New Source"]
        )
        job = self._import(data)
        self.assertEqual(job.rejection_ids.line_number, 2)
        self.assertIn("too long", job.rejection_ids.reason)
        lead = self._job_leads(job)
        self.assertEqual(lead.source_id.name, "Brand New Source")

    def test_owner_optional(self):
        data = csv_bytes(["Company", "Unowned Ltd"])
        job = self._import(data, user_id=self.env["res.users"])
        self.assertFalse(self._job_leads(job).user_id)


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadImportDuplicates(LeadImportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["crm.lead"].create(
            {
                "name": "Existing lead",
                "partner_name": "Existing Trading",
                "email_from": "Buyer@Existing.test",
                "user_id": cls.rep.id,
            }
        )
        cls.dup_lines = [
            "Name,Company,Email,Phone,Job title",
            # same e-mail as the existing lead, other case
            "Again,Other Name One,buyer@existing.test,,Chief Buyer",
            # the partner's phone in international format
            "Acme call,Other Name Two,,+86 10 6243 6040,",
            "Fresh,Fresh Ltd,fresh@fresh.test,,",
            # same e-mail as the row above
            "Fresh again,Fresh Two Ltd,FRESH@fresh.test,,Owner",
        ]

    @users("crm_rep")
    def test_policy_skip(self):
        job = self._import(csv_bytes(self.dup_lines), duplicate_policy="skip")
        self.assertEqual((job.created_count, job.skipped_count), (1, 3))
        self.assertEqual(self._job_leads(job).mapped("name"), ["Fresh"])
        self.assertFalse(self.existing.function)

    @users("crm_rep")
    def test_skipped_rows_listed_with_their_match(self):
        job = self._import(csv_bytes(self.dup_lines), duplicate_policy="skip")
        fresh = self._job_leads(job)
        skipped = job.skipped_row_ids
        self.assertFalse(job.rejection_ids)
        self.assertEqual(skipped.mapped("kind"), ["skipped"] * 3)
        self.assertEqual(skipped.mapped("line_number"), [2, 3, 5])
        self.assertEqual(
            [(row.match_model, row.match_res_id, row.match_name) for row in skipped],
            [
                ("crm.lead", self.existing.id, "Existing lead"),
                ("res.partner", self.partner.id, "Beijing Acme Co., Ltd."),
                ("crm.lead", fresh.id, "Fresh"),  # the lead line 4 became
            ],
        )
        self.assertEqual(
            skipped.mapped("reason"),
            [
                "Duplicate of an existing lead. Same e-mail address.",
                "Duplicate of an existing customer. Same phone number.",
                "Duplicate of line 4 of the file. Same e-mail address.",
            ],
        )
        self.assertEqual(
            skipped[1].values, ["Acme call", "Other Name Two", "", "+86 10 6243 6040", ""]
        )
        self.assertEqual(skipped.mapped("match_accessible"), [True] * 3)
        action = skipped[1].action_open_match()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.partner.id))

        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.rejected_file)))["Skipped"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(
            rows[0],
            ["Line", "Reason", "Matched Type", "Matched ID", "Matched Record",
             "Name", "Company", "Email", "Phone", "Job title"],
        )  # fmt: skip
        self.assertEqual(
            rows[2][:9],
            [3, "Duplicate of an existing customer. Same phone number.", "Customer",
             self.partner.id, "Beijing Acme Co., Ltd.", "Acme call", "Other Name Two", "",
             "+86 10 6243 6040"],
        )  # fmt: skip
        self.assertEqual([row[0] for row in rows[1:]], [2, 3, 5])
        self.assertTrue(job.rejected_filename.startswith("skipped_rows_"))

    @users("crm_rep2")
    def test_skipped_match_of_another_rep_not_named(self):
        """Rep Wang may not read Rep Li's customer and lead: the skipped rows say
        what they matched without naming it."""
        job = self._import(csv_bytes(self.dup_lines), duplicate_policy="skip")
        skipped = job.skipped_row_ids
        self.assertEqual(
            skipped.mapped("match_name"),
            ["a lead of another salesperson", "a customer of another salesperson", "Fresh"],
        )
        self.assertEqual(skipped.mapped("match_accessible"), [False, False, True])
        with self.assertRaises(AccessError):
            skipped[1].action_open_match()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.rejected_file)))["Skipped"]
        self.assertEqual(sheet["E3"].value, "a customer of another salesperson")
        self.assertNotIn(
            "Acme Co", "".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
        )

    @users("crm_rep2")
    def test_update_of_a_lead_not_writable_is_a_listed_skip(self):
        lines = ["Name,Email,Job title", "Again,buyer@existing.test,Buyer"]
        job = self._import(csv_bytes(lines), duplicate_policy="update")
        self.assertEqual((job.updated_count, job.skipped_count), (0, 1))
        self.assertEqual(
            job.skipped_row_ids.reason, "Matches a lead you may not update. Same e-mail address."
        )
        self.assertEqual(job.skipped_row_ids.match_res_id, self.existing.id)
        self.assertEqual(job.skipped_row_ids.match_name, "a lead of another salesperson")

    def test_skipped_formula_cells_stay_text(self):
        lines = ["Name,Email,Notes", 'Again,buyer@existing.test,"=HYPERLINK(""http://x"")"']
        job = self._import(csv_bytes(lines), duplicate_policy="skip")
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(job.rejected_file)))["Skipped"]
        self.assertEqual(sheet["H2"].value, '=HYPERLINK("http://x")')
        self.assertEqual(sheet["H2"].data_type, "s")
        self.assertEqual(sheet["B2"].data_type, "s")

    @users("crm_rep")
    def test_possible_phone_numbers(self):
        """A number missing from libphonenumber's metadata is not rejected, gets
        its key and is recognised as a duplicate."""
        self.env["res.partner"].sudo().create(
            {"name": "Brussels Bakery", "phone": "02 111 22 33",
             "country_id": self.env.ref("base.be").id, "user_id": self.rep.id}
        )  # fmt: skip
        lines = [
            "Name,Phone,Country",
            "Bakery call,0032 2 111 22 33,",
            "New area code,+1 861-555-0123,",
            "Bad,12,",
        ]
        job = self._import(csv_bytes(lines), duplicate_policy="skip")
        self.assertEqual((job.created_count, job.skipped_count, job.rejected_count), (1, 1, 1))
        self.assertEqual(self._job_leads(job).phone_e164, "+18615550123")
        self.assertEqual(job.skipped_row_ids.match_name, "Brussels Bakery")
        self.assertIn("Invalid phone", job.rejection_ids.reason)

    @users("crm_rep")
    def test_policy_update(self):
        job = self._import(csv_bytes(self.dup_lines), duplicate_policy="update")
        self.assertEqual((job.created_count, job.updated_count), (2, 2))
        existing = self.existing.with_env(self.env)
        self.assertEqual(existing.function, "Chief Buyer")
        self.assertEqual(existing.name, "Existing lead")
        leads = self._job_leads(job)
        self.assertEqual(leads.mapped("name"), ["Acme call", "Fresh"])
        self.assertEqual(leads[0].partner_id, self.partner)
        # the second "fresh" row completed the first one
        self.assertEqual(leads[1].function, "Owner")
        self.assertEqual(leads[1].partner_name, "Fresh Two Ltd")

    @users("crm_rep")
    def test_policy_flag(self):
        job = self._import(csv_bytes(self.dup_lines), duplicate_policy="flag")
        self.assertEqual((job.created_count, job.flagged_count), (1, 3))
        leads = self._job_leads(job)
        self.assertEqual(len(leads), 4)
        flagged = leads.filtered("is_import_duplicate")
        self.assertEqual(flagged.mapped("name"), ["Again", "Acme call", "Fresh again"])
        self.assertEqual(flagged[1].partner_id, self.partner)

    def test_duplicates_across_batches(self):
        """A file's second copy of a row, in a later batch, is still a duplicate."""
        job = self._import(
            csv_bytes(
                [
                    "Name,Email",
                    "One,one@batch.test",
                    "Two,two@batch.test",
                    "One again,one@batch.test",
                ]
            ),
            batch_size=2,
        )
        self.assertEqual((job.created_count, job.skipped_count), (2, 1))


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadImportJob(LeadImportCommon):
    def _rows(self, count, start=0):
        return [
            (
                index + 2,
                [f"Lead {index}", f"Company {index}", f"l{index}@bulk.test", f"139{index:08d}"],
            )
            for index in range(start, start + count)
        ]

    def test_background_job_in_batches(self):
        lines = (
            ["Name,Company,Email"]
            + [f"Lead {i},Company {i},lead{i}@job.test" for i in range(10)]
            + [",,bad"]
        )
        with patch("odoo.addons.crm_leads.wizard.crm_lead_import.SYNC_ROW_LIMIT", 5):
            job = self._import(csv_bytes(lines), batch_size=3)
        self.assertEqual(job.state, "queued")
        self.assertEqual((job.total_rows, job.processed_rows, job.progress), (11, 0, 0))
        cron = self.env.ref("crm_leads.ir_cron_crm_lead_import")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        batch_sizes = []
        original = CrmLeadImportJob._import_batch

        def spy(job_self, rows, cache):
            batch_sizes.append(len(rows))
            return original(job_self, rows, cache)

        with patch.object(CrmLeadImportJob, "_import_batch", spy):
            self.env["crm.lead.import.job"]._cron_process_jobs()
        self.assertEqual(batch_sizes, [3, 3, 3, 2])
        self.assertEqual(job.state, "done")
        self.assertEqual(job.processed_rows, 11)
        self.assertEqual(job.progress, 100)
        self.assertEqual((job.created_count, job.rejected_count), (10, 1))
        self.assertEqual(job.lead_count, 10)
        self.assertTrue(job.rejected_file)
        self.assertIn("10 created", job.message_ids[0].body)

    def test_job_resumes_after_last_batch(self):
        lines = ["Name,Email"] + [f"Lead {i},r{i}@job.test" for i in range(5)]
        with patch("odoo.addons.crm_leads.wizard.crm_lead_import.SYNC_ROW_LIMIT", 1):
            job = self._import(csv_bytes(lines), batch_size=2)
        job.processed_rows = 2  # as if a first run committed one batch, then died
        job._process()
        self.assertEqual(self._job_leads(job).mapped("name"), ["Lead 2", "Lead 3", "Lead 4"])

    @users("crm_rep")
    def test_query_count_independent_of_batch_size(self):
        data = csv_bytes(["Name,Company,Email,Mobile", "Seed,Seed Ltd,seed@bulk.test,"])
        job = self._import(data)._with_import_env()
        cache = job._prepare_import_cache()
        job._import_batch(self._rows(5, start=1000), cache)  # warm the caches
        counts = []
        for start, size in ((0, 10), (100, 100)):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = job._import_batch(self._rows(size, start=start), cache)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(result["created_count"], size)
        # One lookup of existing keys, the INSERT of the leads and what the
        # ORM computes for them: the same whatever the number of rows.
        self.assertEqual(counts[0], counts[1])

    @users("crm_rep")
    def test_skipped_rows_stored_in_constant_queries(self):
        """Skipped rows are listed with one access check and one read of names
        per model and one INSERT per batch, not a query per row."""
        customers = (
            self.env["res.partner"]
            .sudo()
            .create(
                [
                    {"name": f"Known {i}", "phone": f"010 6300 {1000 + i}", "user_id": self.rep.id}
                    for i in range(100)
                ]
            )
        )
        data = csv_bytes(["Name,Company,Email,Phone", "Seed,Seed Ltd,seed@skip.test,"])
        job = self._import(data)._with_import_env()
        cache = job._prepare_import_cache()

        def rows(count):
            return [
                (index + 2, [f"Again {index}", "", "", f"+86 10 6300 {1000 + index}"])
                for index in range(count)
            ]

        job._import_batch(rows(5), cache)  # warm the caches
        counts = []
        for size in (10, 100):
            self.env["crm.lead.import.rejection"].sudo().search([("job_id", "=", job.id)]).unlink()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = job._import_batch(rows(size), cache)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(result["skipped_count"], size)
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(job.skipped_row_ids.mapped("match_res_id"), customers.ids)

    @users("crm_rep")
    def test_fast_path_same_values_as_create(self):
        """Leads of the import's fast path (defaults, keys and probability
        computed by the importer) are stored as a plain create() stores them."""
        rows = [
            (
                "Fast one",
                "Acme (Beijing) Co. Ltd.",
                "Ann",
                "Ann@Fast.test",
                "010 6243 0001",
                "",
                "",
            ),
            ("Fast two", "", "Bob", "bob@gmail.com", "", "13900000011", "中国"),
            ("Fast three", "Gamma GmbH", "", "", "030 1234567", "", "Germany"),
        ]
        data = csv_bytes(
            ["Name,Company,Contact,Email,Phone,Mobile,Country"] + [",".join(r) for r in rows]
        )
        job = self._import(data, team_id=self.team)
        imported = self._job_leads(job)
        self.assertEqual(len(imported), 3)
        fnames = [
            "stage_id", "team_id", "user_id", "company_id", "type", "active", "priority",
            "probability", "automated_probability", "email_normalized",
            "email_domain_criterion", "email_state", "phone_state", "phone_sanitized",
            "phone_e164", "mobile_e164", "company_name_key", "date_open", "day_open",
            "day_close", "prorated_revenue", "recurring_revenue_monthly",
            "recurring_revenue_monthly_prorated", "recurring_revenue_prorated",
            "lang_id", "country_id",
        ]  # fmt: skip
        for lead in imported:
            reference = self.env["crm.lead"].create(
                {
                    "name": lead.name,
                    "partner_name": lead.partner_name,
                    "contact_name": lead.contact_name,
                    "email_from": lead.email_from,
                    "phone": lead.phone,
                    "mobile": lead.mobile,
                    "country_id": lead.country_id.id,
                    "team_id": self.team.id,
                    "user_id": self.env.user.id,
                }
            )
            self.env.flush_all()
            self.env.invalidate_all()
            for fname in fnames:
                self.assertEqual(lead[fname], reference[fname], f"{lead.name}: {fname}")
            self.assertTrue(lead.date_last_stage_update)


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadImportUi(HttpCase):
    def test_lead_import_tour(self):
        self.env.company.country_id = self.env.ref("base.cn")
        self.start_tour("/odoo", "crm_leads_lead_import", login="admin")
        job = self.env["crm.lead.import.job"].search([], limit=1)
        self.assertEqual((job.created_count, job.rejected_count), (1, 1))
        self.assertEqual(job.filename, "tour_leads.csv")


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadFileReader(LeadImportCommon):
    def test_guess_mapping_variants(self):
        self.assertEqual(
            lead_file_reader.guess_mapping(["E-mail *", "电子邮件", "客户名称：", "Foo"]),
            ["email_from", False, "partner_name", False],
        )
