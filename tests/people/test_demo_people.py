import pytest

from duikou.demo.loader import demo_load
from duikou.people.models import CareRecord, MentoringPair, Person, Posting, Team

pytestmark = pytest.mark.django_db
MODELS = [Person, Posting, Team, MentoringPair, CareRecord]


def test_demo_people_load_twice_without_changes():
    before = {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}
    demo_load()
    assert {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS} == before


def test_demo_people_are_fictitious_and_marked_illustrative():
    school = Posting.objects.filter(recipient_organisation__name="可克达拉市镇江高级中学")
    assert school.filter(start_date="2026-02-15").count() == 30
    assert Team.objects.filter(kind="medical").count() == 9
    assert not Person.objects.filter(is_illustrative=False).exists()
    assert not Posting.objects.filter(is_illustrative=False).exists()
    assert set(Person.objects.values_list("name", flat=True)) >= {"教师01", "医生01", "干部01"}
