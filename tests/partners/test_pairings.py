import datetime

import pytest
from django.core.exceptions import ValidationError

from duikou.geo.models import Region
from duikou.partners.models import Organisation, Pairing
from duikou.partners.selectors import pairings_visible_to, supporters_of
from duikou.partners.services import organisation_create, pairing_create, pairing_end

pytestmark = pytest.mark.django_db


def supporter_names(region_code: str, day: str) -> list[str]:
    region = Region.objects.get(code=region_code)
    return [p.supporter.short_name for p in supporters_of(region, datetime.date.fromisoformat(day))]


def test_who_supported_qapqal_changes_over_time():
    assert supporter_names("654022", "2010-06-01") == ["扬州"]
    assert supporter_names("654022", "2020-06-01") == ["盐城"]


def test_pairing_is_active_on_its_first_and_last_day():
    assert supporter_names("654022", "2010-12-31") == ["扬州"]
    assert supporter_names("654022", "2011-01-01") == ["盐城"]


def test_sub_pairings_sit_under_their_parent(pairing):
    kokdala = pairing("zhenjiang-kokdala")
    fourth = pairing("d4")
    assert kokdala.parent == fourth
    assert kokdala.path.startswith(fourth.path)


def _fields(**overrides):
    fields = {
        "supporter": Organisation.objects.get(name="镇江市援疆工作组"),
        "recipient_region": "659008",
        "level": "city",
        "start_date": "2024-01-01",
    }
    fields.update(overrides)
    return fields


def test_end_before_start_is_refused_and_nothing_saved():
    before = Pairing.objects.count()
    with pytest.raises(ValidationError) as error:
        pairing_create(by=None, **_fields(end_date="2023-12-31"))
    assert "end_date" in error.value.message_dict
    assert Pairing.objects.count() == before


def test_unknown_region_code_names_the_field():
    with pytest.raises(ValidationError) as error:
        pairing_create(by=None, **_fields(recipient_region="659099"))
    assert "659099" in error.value.message_dict["recipient_region"][0]


def test_a_pairing_needs_a_recipient():
    with pytest.raises(ValidationError) as error:
        pairing_create(by=None, **_fields(recipient_region=None))
    assert "recipient_region" in error.value.message_dict


def test_malformed_date_names_the_field():
    with pytest.raises(ValidationError) as error:
        pairing_create(by=None, **_fields(start_date="2024-13-01"))
    assert "start_date" in error.value.message_dict


def test_ending_a_pairing_keeps_it_on_record(pairing):
    kokdala = pairing("zhenjiang-kokdala")
    pairing_end(by=None, pairing=kokdala, end_date="2025-12-31")
    assert supporter_names("659008", "2025-12-31") == ["镇江"]
    assert supporter_names("659008", "2026-01-01") == []


def test_a_unit_may_add_sub_pairings_only_under_its_own_pairings(users, pairing):
    zhenjiang = users["zhenjiang"]
    created = pairing_create(
        by=zhenjiang, **_fields(parent=pairing("zhenjiang-kokdala"), level="district")
    )
    assert created.path.startswith(pairing("zhenjiang-kokdala").path)
    assert created in pairings_visible_to(zhenjiang)
    with pytest.raises(ValidationError) as error:
        pairing_create(by=zhenjiang, **_fields(parent=pairing("suzhou-atushi")))
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        pairing_create(by=zhenjiang, **_fields())  # a top-level pairing is HQ's to make


def test_only_hq_creates_organisations(users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        organisation_create(by=users["zhenjiang"], name="新单位", kind="other", region="321100")
    org = organisation_create(
        by=users["hq"],
        name="新单位",
        kind="other",
        region="321100",
        parent=Organisation.objects.get(name="镇江市援疆工作组"),
    )
    assert org.path.startswith(org.parent.path) and org.path.endswith(f"/{org.pk}/")


def test_database_refuses_a_pairing_without_recipient():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.create(
            supporter=Organisation.objects.first(),
            level="city",
            start_date=datetime.date(2024, 1, 1),
        )


def test_moving_a_unit_moves_its_whole_subtree(users):
    from duikou.partners.services import organisation_update

    group = Organisation.objects.get(name="镇江市援疆工作组")
    child = organisation_create(
        by=None, name="镇江市援疆工作组教育组", kind="other", region="321100", parent=group
    )
    grandchild = organisation_create(
        by=None, name="镇江市援疆工作组教育组一组", kind="other", region="321100", parent=child
    )
    front = Organisation.objects.get(name__endswith="伊犁哈萨克自治州前方指挥部")
    organisation_update(by=users["hq"], organisation=group, parent=front)
    grandchild.refresh_from_db()
    assert grandchild.path == f"{front.path}{group.pk}/{child.pk}/{grandchild.pk}/"
