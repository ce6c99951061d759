"""The IATI import pages: an upload runs as a background task (at once in tests) and ends in
a report (created, updated, unchanged, not imported, with line, identifier and reason); a
file that is not XML is rejected with line and column; all or nothing imports nothing when
one activity is wrong; only one's own pairings and runs; none of it for the public. And the
IATI panel of an imported project's page."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duikou.exchange.iati.importer import Importer
from duikou.exchange.models import IatiActivity, ImportRun
from duikou.exchange.runs import _saver
from tests.web.pages import text

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parents[1] / "exchange" / "files"
NETHERLANDS = FILES / "netherlands-mfa-13-activities.xml"
ANNOTATED = FILES / "iati-standard-example-annotated-203.xml"

GOOD_AND_BAD = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
  <iati-activity>
    <iati-identifier>XX-TEST-GOOD</iati-identifier>
    <reporting-org ref="XX-TEST" type="10"><narrative>Test</narrative></reporting-org>
    <title><narrative>A good activity</narrative></title>
    <description><narrative>Fine.</narrative></description>
    <participating-org role="1" ref="XX-TEST"/>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2024-01-01"/>
  </iati-activity>
  <iati-activity>
    <iati-identifier>XX-TEST-BAD</iati-identifier>
    <reporting-org ref="XX-TEST" type="10"><narrative>Test</narrative></reporting-org>
    <title><narrative>A bad activity</narrative></title>
    <description><narrative>Its date is no date.</narrative></description>
    <participating-org role="1" ref="XX-TEST"/>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="soon"/>
  </iati-activity>
</iati-activities>
"""


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path) -> Path:
    settings.IATI_UPLOAD_DIR = tmp_path / "iati-uploads"
    return settings.IATI_UPLOAD_DIR


def section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def upload(client, pairing, content: bytes, name: str = "activities.xml", **fields):
    """Post the upload form and follow to the run's page."""
    data = {"file": SimpleUploadedFile(name, content, content_type="text/xml")}
    data["pairing"] = pairing.pk if pairing is not None else ""
    data.update(fields)
    return client.post("/exchange/iati/", data, follow=True)


def test_the_netherlands_sample_is_imported_then_found_unchanged(logged_in, pairing, uploads):
    client = logged_in("suzhou")
    atushi = pairing("suzhou-atushi")
    answer = upload(client, atushi, NETHERLANDS.read_bytes(), NETHERLANDS.name)
    run = ImportRun.objects.get()
    assert answer.redirect_chain == [(f"/exchange/iati/runs/{run.pk}/", 302)]
    report = section(text(answer), "report")
    assert "已导入" in report and 'id="created">13<' in report and 'id="not-imported">0<' in report
    assert "IATI 2.03 版" in report
    assert run.status == ImportRun.Status.DONE and run.percent == 100 and run.activities == 13
    assert run.created_by.username == "suzhou" and run.finished_at is not None
    assert IatiActivity.objects.filter(project__pairing=atushi).count() == 13
    assert list(uploads.iterdir()) == []  # the stored file is gone once imported

    again = section(
        text(upload(client, atushi, NETHERLANDS.read_bytes(), NETHERLANDS.name)), "report"
    )
    assert 'id="created">0<' in again and 'id="unchanged">13<' in again
    runs = section(text(client.get("/exchange/iati/")), "runs")
    assert runs.count(NETHERLANDS.name) == 2 and "已完成" in runs


def test_a_file_that_is_not_xml_is_rejected_with_its_line_and_column(logged_in, pairing):
    broken = b"""<?xml version="1.0"?>
<iati-activities version="2.03">
  <iati-activity>
</iati-activities>
"""
    page = text(upload(logged_in("suzhou"), pairing("suzhou-atushi"), broken, "broken.xml"))
    report = section(page, "report")
    assert "文件被拒绝" in report
    assert "第 4 行第 3 列" in report and "不是格式正确的 XML" in report
    assert ImportRun.objects.get().status == ImportRun.Status.REJECTED
    assert not IatiActivity.objects.filter(source="broken.xml").exists()


def test_an_activity_that_breaks_the_schema_is_listed_and_the_others_imported(logged_in, pairing):
    page = text(upload(logged_in("suzhou"), pairing("suzhou-atushi"), GOOD_AND_BAD))
    report = section(page, "report")
    assert "已导入其余活动,以下活动未导入" in report
    assert 'id="created">1<' in report and 'id="not-imported">1<' in report
    problems = report.split('id="problems"')[1]
    assert "XX-TEST-BAD" in problems and "soon" in problems and "iso-date" in problems
    assert "第 12 行" in problems  # where the activity starts
    assert "XX-TEST-GOOD" not in problems
    assert IatiActivity.objects.filter(identifier="XX-TEST-GOOD").exists()


def test_all_or_nothing_imports_nothing_when_one_activity_is_wrong(logged_in, pairing):
    page = text(
        upload(logged_in("suzhou"), pairing("suzhou-atushi"), GOOD_AND_BAD, all_or_nothing="on")
    )
    report = section(page, "report")
    assert "按“全部成功才导入”的要求,未导入任何活动" in report
    assert 'id="created">0<' in report and "XX-TEST-BAD" in report
    assert not IatiActivity.objects.filter(identifier__startswith="XX-TEST").exists()
    assert ImportRun.objects.get().all_or_nothing


def test_a_unit_may_not_import_into_another_units_pairing(logged_in, pairing, uploads):
    answer = upload(logged_in("suzhou"), pairing("zhenjiang-kokdala"), GOOD_AND_BAD)
    page = text(answer)
    assert answer.redirect_chain == []
    assert "结对关系不存在或不在您的权限范围内。" in page
    assert not ImportRun.objects.exists() and not uploads.exists()
    form = text(logged_in("suzhou").get("/exchange/iati/"))
    options = form.split('name="pairing"')[1].split("</select>")[0]
    assert "阿图什" in options and "镇江" not in options and "可克达拉" not in options


def test_the_file_must_be_a_nonempty_xml_file_and_a_pairing_chosen(logged_in, pairing):
    client = logged_in("suzhou")
    wrong = text(upload(client, pairing("suzhou-atushi"), b"a,b\n", "activities.csv"))
    assert "请上传 .xml 格式的 IATI 活动文件。" in wrong
    empty = text(upload(client, None, b"", "empty.xml"))
    assert "文件是空的。" in empty and "请选择导入到哪个结对关系。" in empty
    nothing = text(client.post("/exchange/iati/", {"pairing": pairing("suzhou-atushi").pk}))
    assert "请选择要导入的 IATI 活动文件(.xml)。" in nothing
    assert not ImportRun.objects.exists()


def test_a_file_over_the_upload_limit_is_refused_and_not_kept(
    logged_in, pairing, uploads, settings
):
    settings.IATI_UPLOAD_MAX_BYTES = 1 << 20
    page = text(upload(logged_in("suzhou"), pairing("suzhou-atushi"), GOOD_AND_BAD * 1200))
    assert "文件有 1.1 MB,超过了 1 MB 的上限:请分成几个文件上传。" in page
    # the field's help and error are what a screen reader reads with it
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert 'id="id_file_helptext"' in page and 'id="id_file_error"' in page
    assert not ImportRun.objects.exists() and not list(uploads.glob("*"))


def test_who_may_import_and_whose_runs_one_sees(logged_in, client, pairing):
    suzhou = logged_in("suzhou")
    assert 'href="/exchange/iati/"' in text(suzhou.get("/"))
    upload(suzhou, pairing("suzhou-atushi"), GOOD_AND_BAD)
    run = ImportRun.objects.get()
    assert logged_in("kezhou").get(f"/exchange/iati/runs/{run.pk}/").status_code == 404
    assert "activities.xml" not in section(text(logged_in("kezhou").get("/exchange/iati/")), "runs")
    hq = text(logged_in("hq").get("/exchange/iati/"))
    assert "activities.xml" in section(hq, "runs") and "苏州工作组演示用户" in hq
    assert text(logged_in("hq").get(f"/exchange/iati/runs/{run.pk}/"))
    for username in ("public", "auditor"):
        refused = logged_in(username)
        assert 'href="/exchange/iati/"' not in text(refused.get("/"))
        assert refused.get("/exchange/iati/").status_code == 403
        assert refused.get(f"/exchange/iati/runs/{run.pk}/").status_code == 403
    client.logout()
    assert client.get("/exchange/iati/").status_code == 302
    assert client.get(f"/exchange/iati/runs/{run.pk}/progress/").status_code == 302


def running(pairing, users, name: str = "big.xml", **fields) -> ImportRun:
    """A run of suzhou's that a worker is importing (1,000 bytes)."""
    return ImportRun.objects.create(
        file_name=name,
        stored_path=f"/nowhere/{name}",
        size=1000,
        pairing=pairing("suzhou-atushi"),
        status=ImportRun.Status.RUNNING,
        created_by=users["suzhou"],
        **fields,
    )


def test_the_progress_bar_polls_until_the_run_ends(logged_in, pairing, users):
    run = running(pairing, users, done_bytes=420, activities=600)
    client = logged_in("suzhou")
    page = text(client.get(f"/exchange/iati/runs/{run.pk}/"))
    progress = section(page, "progress")
    assert 'hx-trigger="every 1s"' in progress and 'value="42"' in progress
    assert "已读 600 个活动" in progress and 'id="report"' not in page
    response = client.get(f"/exchange/iati/runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in response.headers and "(42%)" in text(response)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.DONE, report={"created": 600, "problem_count": 0}
    )
    done = client.get(f"/exchange/iati/runs/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true" and "every 1s" not in text(done)
    assert 'id="created">600<' in text(client.get(f"/exchange/iati/runs/{run.pk}/"))


def test_a_run_whose_worker_was_stopped_ends_as_failed_after_ten_minutes(logged_in, pairing, users):
    now = timezone.now()
    alive = running(pairing, users, "alive.xml", heartbeat_at=now - datetime.timedelta(minutes=9))
    killed = running(
        pairing, users, "killed.xml", heartbeat_at=now - datetime.timedelta(minutes=11)
    )
    old = running(pairing, users, "old.xml")  # from before the heartbeat, started long ago
    ImportRun.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(hours=1))
    client = logged_in("suzhou")

    page = text(client.get(f"/exchange/iati/runs/{killed.pk}/"))
    assert "导入出错" in page and "后台进程已停止(超过 10 分钟没有进展)" in section(page, "report")
    assert 'hx-trigger="every 1s"' in text(client.get(f"/exchange/iati/runs/{alive.pk}/"))
    statuses = dict(ImportRun.objects.values_list("file_name", "status"))
    assert statuses == {"alive.xml": "running", "killed.xml": "failed", "old.xml": "failed"}
    assert ImportRun.objects.get(pk=old.pk).finished_at is not None


def test_the_worker_beats_with_each_save_of_the_progress(pairing, users):
    run = running(pairing, users)
    _saver(run, every=0)(0.5, 300)
    run.refresh_from_db()
    assert run.done_bytes == 500 and run.activities == 300
    assert timezone.now() - run.heartbeat_at < datetime.timedelta(minutes=1)


def test_a_run_that_breaks_unexpectedly_says_so_and_leaves_no_file(
    logged_in, pairing, uploads, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Importer, "import_file", broken)
    page = text(upload(logged_in("suzhou"), pairing("suzhou-atushi"), GOOD_AND_BAD))
    assert "导入出错" in page and "disk on fire" in section(page, "report")
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
    assert list(uploads.iterdir()) == []


def _import(path: Path, pairing) -> IatiActivity:
    report = Importer(by=None, pairing=pairing, source=path.name).import_file(path)
    assert report.ok, report
    return IatiActivity.objects.filter(source=path.name).select_related("project").last()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        text(client.get(url))
    return len(queries)


def test_an_imported_projects_page_shows_what_iati_says(logged_in, pairing):
    activity = _import(ANNOTATED, pairing("suzhou-atushi"))
    client = logged_in("suzhou")
    page = text(client.get(f"/projects/{activity.project.pk}/"))
    panel = section(page, "iati")
    assert "AA-AAA-123456789-ABC123" in panel and "Organisation name" in panel
    assert "2.03" in panel and ANNOTATED.name in panel and "导入时间" in panel
    for title in ("Activity title", "Titre de l&#x27;activité", "Título de la actividad"):
        assert title in panel
    assert 'lang="fr"' in panel and "目标群体" in panel
    organisations = panel.split('id="iati-organisations"')[1].split("</table>")[0]
    assert "Name of Agency B" in organisations and "资金提供方" in organisations
    assert "责任方" in organisations and "出资机构" in organisations
    sectors = panel.split('id="iati-sectors"')[1].split("</table>")[0]
    assert "11110" in sectors and "50%" in sectors
    assert "AF" in panel and "25%" in panel and "Location name" in panel
    disbursements = panel.split('id="iati-disbursements"')[1].split("</table>")[0]
    assert "3,000" in disbursements and "EUR" in disbursements and "Agency B" in disbursements
    assert "Result title" in panel and "Indicator title" in panel and "2012:10" in panel


def test_the_iati_panel_costs_the_same_queries_however_much_it_holds(logged_in, pairing):
    atushi = pairing("suzhou-atushi")
    rich = _import(ANNOTATED, atushi)
    _import(NETHERLANDS, atushi)
    plain = IatiActivity.objects.filter(source=NETHERLANDS.name).first()
    client = logged_in("suzhou")
    assert plain.organisations.count() != rich.organisations.count()
    assert _queries(client, f"/projects/{rich.project.pk}/") == _queries(
        client, f"/projects/{plain.project.pk}/"
    )


def test_the_public_sees_the_iati_panel_without_the_import_details(logged_in, pairing):
    activity = _import(ANNOTATED, pairing("suzhou-atushi"))
    # in implementation (status 2): under construction, which the public sees
    panel = section(text(logged_in("public").get(f"/projects/{activity.project.pk}/")), "iati")
    assert "Activity title" in panel and ANNOTATED.name not in panel


def test_a_project_in_euros_shows_its_money_in_euros(logged_in, pairing):
    _import(NETHERLANDS, pairing("suzhou-atushi"))
    activity = IatiActivity.objects.select_related("project").get(identifier="NL-1-PPR-25275")
    client = logged_in("suzhou")

    page = text(client.get(f"/projects/{activity.project.pk}/"))

    assert "本项目的金额以 EUR 记录,不计入人民币汇总。" in page
    kpis = page.split('aria-label="资金"')[1].split("</section>")[0]
    assert "EUR" in kpis and "万元" not in kpis
    funds = page.split('id="chart-funds"')[1].split("</table>")[0]
    assert "EUR" in funds and "暂无资金记录" not in funds
