"""``duikou iati import``: a report per file, exit status 1 when a file is rejected or an
activity is not imported."""

import pytest
from django.core.management import CommandError, call_command

from tests.exchange.iati_files import SAMPLES, activity, document, write

pytestmark = pytest.mark.django_db


def run(*args, capsys):
    try:
        call_command("iati", "import", *map(str, args))
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    out = capsys.readouterr()
    return status, out.out, out.err


def test_a_good_file_is_imported_with_a_progress_bar_and_a_report(pairing, capsys):
    kz = pairing("kz")

    status, out, err = run(SAMPLES["netherlands"], "--pairing", kz.pk, capsys=capsys)

    assert status == 0
    assert "netherlands-mfa-13-activities.xml:IATI 2.03,2683 行,13 个活动——新建 13" in out
    assert "[##############################] 100%" in err


def test_a_rejected_file_and_a_bad_activity_exit_with_status_1(pairing, capsys, tmp_path):
    kz = pairing("kz")
    broken = write(tmp_path, "<iati-activities version='2.03'><iati-activity>", "broken.xml")
    bad = activity("CN-TEST-1-BAD").replace('<activity-status code="2"/>', "")
    partly = write(tmp_path, document(activity("CN-TEST-1-OK"), bad), "partly.xml")

    status, out, _err = run(broken, partly, "--pairing", kz.pk, "--quiet", capsys=capsys)

    assert status == 1
    assert "broken.xml:已拒绝。第 1 行" in out
    assert "新建 1" in out and "未导入 第 15 行 CN-TEST-1-BAD" in out


def test_english_output_and_an_unknown_pairing(pairing, capsys):
    kz = pairing("kz")

    status, out, _err = run(
        SAMPLES["publisher"], "--pairing", kz.pk, "--quiet", "--language", "en", capsys=capsys
    )

    assert status == 0 and "2 activities" in out
    with pytest.raises(CommandError, match=r"99999(.|\n)*江苏援克前指 → 克孜勒苏柯尔克孜自治州"):
        call_command("iati", "import", str(SAMPLES["publisher"]), "--pairing", "99999")
