"""The people pages: who is on duty where (scoped), terms ending with the posts to refill,
batch statistics, group-style teams over time, a person's postings, roster import and export,
and the masking of ID and phone numbers on every one of them."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from duikou.people.models import Person, Posting, SensitiveAccess
from duikou.people.selectors import batch_statistics, term_ends
from tests.people.builders import TODAY, row, workbook
from tests.web.pages import text

pytestmark = pytest.mark.django_db
ON = f"/people/?on={TODAY.isoformat()}"


def full_id(name: str) -> str:
    return Person.objects.get(name=name).id_number


# ------------------------------------------------------------------ roster and scoping


def test_roster_lists_who_is_on_duty_with_counts_by_category_and_unit(logged_in):
    page = text(logged_in("hq").get(ON + "&region=653000"))
    assert "医生02" in page and "干部01" in page  # Kizilsu: the hospital teams, the cadres
    assert "教师01" not in page  # 可克达拉市 is in Ili
    on_duty = Posting.objects.filter(
        region__path__startswith="/650000/653000/", start_date__lte=TODAY, end_date__gte=TODAY
    )
    count = on_duty.values("person").distinct().count()
    assert f"<h3>人数</h3><p>{count}</p>" in page
    assert "<h3>医疗人才</h3>" in page and "<h3>党政干部</h3>" in page
    assert "江苏省人民医院" in page  # by dispatching unit


def test_without_filters_the_roster_shows_today(logged_in):
    response = logged_in("hq").get("/people/")
    today = timezone.localdate()
    assert response.context["form"].cleaned_data["on"] == today
    on_duty = Posting.objects.filter(start_date__lte=today, end_date__gte=today)
    assert response.context["page"].paginator.count == on_duty.count()


def test_a_city_group_sees_only_its_own_people(logged_in):
    suzhou = text(logged_in("suzhou").get("/people/?on="))
    assert "干部07" in suzhou and "干部08" in suzhou  # Suzhou's cadres
    assert "教师01" not in suzhou and "医生01" not in suzhou and "干部01" not in suzhou
    zhenjiang = text(logged_in("zhenjiang").get("/people/?on="))
    assert "教师01" in zhenjiang and "干部09" in zhenjiang
    assert "干部07" not in zhenjiang and "医生01" not in zhenjiang


def test_the_recipient_government_sees_the_people_in_its_region(logged_in):
    page = text(logged_in("kezhou_gov").get("/people/?on="))
    assert "医生01" in page and "干部01" in page and "干部07" in page  # 阿图什市 is in Kizilsu
    assert "教师01" not in page and "干部08" not in page  # 可克达拉市, 霍尔果斯市: Ili


def test_the_public_reads_counts_on_region_pages_not_names(logged_in):
    assert logged_in("public").get("/people/").status_code == 403
    assert logged_in("public").get("/people/export.xlsx").status_code == 403
    assert "援疆人才" not in text(logged_in("public").get("/regions/650000/")).split("<main")[0]


def test_bad_filters_are_named_and_list_no_one(logged_in):
    response = logged_in("hq").get("/people/?region=999999&on=")
    assert "999999" in str(response.context["form"].errors["region"])
    assert response.context["page"].paginator.count == 0
    response = logged_in("hq").get("/people/?on=2026-13-40")
    assert response.context["form"].errors["on"]


# ------------------------------------------------------------------ privacy


def test_numbers_are_masked_unless_an_allowed_user_asks_and_each_view_is_logged(logged_in):
    number = full_id("医生02")
    page = text(logged_in("hq").get(ON + "&q=医生02"))
    assert number not in page and f"{number[:2]}**************{number[-2:]}" in page
    assert not SensitiveAccess.objects.exists()

    page = text(logged_in("hq").get(ON + "&q=医生02&reveal=on"))
    assert number in page
    assert SensitiveAccess.objects.filter(person__name="医生02", context="web roster").count() == 1


def test_others_cannot_reveal_even_when_they_ask(logged_in):
    number = full_id("干部07")
    response = logged_in("suzhou").get("/people/?on=&q=干部07&reveal=on")
    assert "reveal" not in response.context["form"].fields
    assert number not in text(response)
    assert number not in text(logged_in("suzhou").get(f"/people/{_pk('干部07')}/?reveal=1"))
    assert not SensitiveAccess.objects.exists()


def test_dispatching_hr_reveals_its_own_people_on_their_page(logged_in):
    client = logged_in("hospital_hr")
    doctor = Person.objects.get(name="医生01")
    page = text(client.get(f"/people/{doctor.pk}/"))
    assert doctor.id_number not in page and "显示完整证件号和手机号" in page
    page = text(client.get(f"/people/{doctor.pk}/?reveal=1"))
    assert doctor.id_number in page and doctor.phone in page
    access = SensitiveAccess.objects.get()
    assert (access.user.username, access.person, access.context) == (
        "hospital_hr",
        doctor,
        "web person page",
    )


def test_the_export_follows_the_same_rule(logged_in):
    number = full_id("干部07")
    masked = logged_in("suzhou").get("/people/export.xlsx?on=&q=干部07&reveal=on")
    assert masked["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = _cells(masked)
    assert "干部07" in cells and number not in cells
    assert "教师01" not in cells  # the export is the filtered, scoped view

    revealed = _cells(logged_in("hq").get("/people/export.xlsx?on=&q=干部07&reveal=on"))
    assert number in revealed
    assert SensitiveAccess.objects.filter(context="roster export").count() == 1


def _cells(response) -> set:
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    return {str(cell.value) for line in sheet.iter_rows() for cell in line if cell.value}


def _pk(name: str) -> int:
    return Person.objects.get(name=name).pk


# ------------------------------------------------------------------ questions


def test_terms_ending_list_the_posts_that_need_a_replacement(logged_in, users):
    response = logged_in("hq").get(f"/people/term-ends/?as_of={TODAY}&within_days=90")
    page = text(response)
    expected = term_ends(90, users["hq"], TODAY)
    assert response.context["page"].paginator.count == expected.count() > 0
    needing = expected.filter(replacement_needed=True).count()
    assert 0 < needing < expected.count()  # three departments already have a successor
    assert f"<h3>需要接替的岗位</h3><p>{needing}</p>" in page
    assert "需要接替</span>" in page and "已安排</span>" in page

    only = logged_in("hq").get(f"/people/term-ends/?as_of={TODAY}&within_days=90&need=on")
    assert only.context["page"].paginator.count == needing


def test_terms_ending_reject_a_bad_window(logged_in):
    response = logged_in("hq").get("/people/term-ends/?within_days=0")
    assert response.context["form"].errors["within_days"]
    assert response.context["page"].paginator.count == 0


def test_batch_statistics(logged_in, users):
    response = logged_in("hq").get("/people/batches/")
    page = text(response)
    assert "第13批" in page
    batch = next(r["batch"] for r in response.context["rows"] if r["batch"].number == 13)
    stats = batch_statistics(batch, users["hq"])
    page = text(logged_in("hq").get(f"/people/batches/{batch.pk}/"))
    assert f"<h3>人数</h3><p>{stats.size}</p>" in page
    assert str(stats.average_age) in page and f"({stats.professional_share}%)" in page
    assert "博士研究生" in page and "医疗人才" in page
    assert f"<h3>提前返回</h3><p>{stats.early_returns}</p>" in page and stats.early_returns == 1


def test_a_group_style_team_with_its_members_over_time(logged_in):
    page = text(logged_in("zhenjiang").get("/people/teams/"))
    assert "镇江高级中学“组团式”教育援疆" in page
    team = Posting.objects.filter(person__name="教师01").first().team
    response = logged_in("zhenjiang").get(f"/people/teams/{team.pk}/")
    page = text(response)
    assert len(response.context["timeline"]) == 33  # 30 now, 3 of them also in batch 12
    assert "管理01" in page and "教师24" in page and "2024" in page
    assert logged_in("suzhou").get(f"/people/teams/{team.pk}/").status_code == 404


def test_a_hospital_page_lists_its_teams(logged_in):
    from duikou.partners.models import Organisation

    hospital = Organisation.objects.get(short_name="克州人民医院")
    page = text(logged_in("kezhou_gov").get(f"/organisations/{hospital.pk}/"))
    assert 'id="teams"' in page and "克州人民医院心血管内科" in page


def test_a_person_page_shows_postings_mentoring_care_and_masked_history(logged_in):
    cadre = Person.objects.get(name="干部01")
    page = text(logged_in("hq").get(f"/people/{cadre.pk}/"))
    assert "前方指挥部副总指挥" in page and "前方指挥部总指挥" in page  # two batches
    assert "关心关爱" in page  # HQ reads care records
    assert cadre.id_number not in page  # nor in the history below
    assert "修改记录" in page and "**" in page.split('id="history"')[1]

    mentor = Person.objects.filter(
        dispatching_unit__name="江苏省人民医院", apprentices__isnull=False
    )
    page = text(logged_in("hospital_hr").get(f"/people/{mentor.get().pk}/"))
    assert "师带徒" in page and "徒弟" in page and "独立开展新技术" in page


def test_people_outside_ones_scope_are_not_found(logged_in):
    assert logged_in("suzhou").get(f"/people/{_pk('教师01')}/").status_code == 404


# ------------------------------------------------------------------ import


def test_import_page_all_or_nothing_then_valid_rows_then_idempotent(logged_in):
    client = logged_in("hospital_hr")
    assert "导入花名册" in text(client.get("/people/import/"))
    data = workbook([row(1), row(2, 身份证号="123"), row(3)])

    def upload(content, **extra):
        return client.post("/people/import/", {"file": _file(content), **extra}, format="multipart")

    page = text(upload(data))
    assert "未导入任何数据" in page and "第 3 行" in page and "身份证号" in page
    assert not Person.objects.filter(name__startswith="导入").exists()

    page = text(upload(data, valid_rows_only="on"))
    assert "已导入正确的行" in page
    assert set(Person.objects.filter(name__startswith="导入").values_list("name", flat=True)) == {
        "导入01",
        "导入03",
    }
    good = workbook([row(1), row(3)])
    response = upload(good)
    assert response.context["result"].unchanged_rows == 2
    assert response.context["result"].people_created == 0


def test_import_refuses_what_is_not_a_spreadsheet_and_who_may_not(logged_in):
    response = logged_in("hq").post("/people/import/", {"file": _file(b"x", "roster.csv")})
    assert "请上传 .xlsx 格式的文件" in text(response)
    assert logged_in("auditor").get("/people/import/").status_code == 403
    assert logged_in("kezhou_gov").get("/people/import/").status_code == 403
    template = logged_in("auditor").get("/people/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def _file(content: bytes, name: str = "roster.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
