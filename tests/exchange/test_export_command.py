"""``duikou iati export``: the project list's filters, a file that validates, and ``--check``."""

import io

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from duikou.exchange.iati.reader import schema
from duikou.projects.models import Project

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("iati", "export", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


def test_export_writes_the_filtered_projects_as_a_valid_iati_file(tmp_path):
    path = tmp_path / "kizilsu.xml"

    status, out, err = run("--out", str(path), "--region", "653000", "--status", "construction")

    root = etree.parse(str(path)).getroot()
    wanted = Project.objects.filter(code__startswith="JSYJ-KZ", stage="construction")
    assert status == 0 and err == ""
    assert sorted(e.findtext("iati-identifier") for e in root) == [
        f"CN-JSAID-0001-{code}" for code in wanted.order_by("code").values_list("code", flat=True)
    ]
    assert schema().validate(root), schema().error_log
    assert f"已将 {wanted.count()} 个项目导出为 IATI 2.03 活动" in out


def test_projects_that_would_fail_the_check_are_left_out_and_named(tmp_path):
    path = tmp_path / "all.xml"

    status, out, err = run("--out", str(path))

    assert status == 0
    assert err.splitlines() == [
        "1 个项目不能通过 IATI 检查,未导出:",
        "JSYJ-KZ-011 CN-JSAID-0001-JSYJ-KZ-011",
        "  - 没有任何项目日期:请至少填写计划开工日期。",
    ]
    root = etree.parse(str(path)).getroot()
    identifiers = [e.findtext("iati-identifier") for e in root.iterchildren("iati-activity")]
    assert len(identifiers) == Project.objects.count() - 1
    assert "CN-JSAID-0001-JSYJ-KZ-011" not in identifiers
    assert schema().validate(root), schema().error_log
    assert "未导出 1 个不能通过 IATI 检查的项目:JSYJ-KZ-011" in root[-1].text
    assert f"已将 {len(identifiers)} 个项目导出" in out


def test_check_lists_each_failing_project_with_its_reasons():
    status, out, _err = run("--check")
    assert status == 1
    assert out.splitlines() == [
        "JSYJ-KZ-011 CN-JSAID-0001-JSYJ-KZ-011",
        "  - 没有任何项目日期:请至少填写计划开工日期。",
        f"检查了 {Project.objects.count()} 个项目:1 个不能通过 IATI 检查。",
    ]
    status, out, _err = run("--check", "--region", "654000")
    assert status == 0 and "全部能通过 IATI 检查" in out


def test_bad_filters_are_named():
    with pytest.raises(CommandError, match="--year"):
        run("--check", "--year", "abc")
    with pytest.raises(CommandError, match="999999"):
        run("--check", "--region", "999999")
