import pytest

from duikou.geo.models import Region
from duikou.geo.selectors import region_by_code, regions_in_subtree, regions_search
from duikou.geo.services import regions_load

pytestmark = pytest.mark.django_db


def xinjiang():
    return Region.objects.get(code="650000")


def test_xinjiang_has_14_prefectures_and_108_county_level_units():
    subtree = regions_in_subtree(xinjiang())
    assert subtree.filter(level=Region.Level.PREFECTURE).count() == 14
    assert subtree.filter(level=Region.Level.COUNTY).count() == 108


def test_xpcc_cities_sit_directly_under_xinjiang():
    cities = Region.objects.filter(code__in=[f"6590{n:02d}" for n in range(1, 13)])
    assert cities.count() == 12
    assert {city.parent.code for city in cities} == {"650000"}
    kokdala = Region.objects.get(code="659008")
    assert kokdala.name == "可克达拉市"
    assert kokdala.path == "/650000/659008/"


def test_pseudo_units_are_not_regions():
    assert not Region.objects.filter(name__in=["市辖区", "自治区直辖县级行政区划"]).exists()
    # districts of a municipality hang under the municipality itself
    assert Region.objects.get(code="110101").parent.code == "110000"


def test_codes_are_padded_to_six_and_nine_digits():
    assert Region.objects.get(code="650000").level == Region.Level.PROVINCE
    assert Region.objects.get(code="653000").name == "克孜勒苏柯尔克孜自治州"
    township = Region.objects.get(name="金山街道", parent__code="659008")
    assert len(township.code) == 9
    assert Region.objects.filter(parent__code="659008").count() == 7


def test_xpcc_divisions_are_regions_of_their_own_kind_linked_to_their_city():
    fourth = Region.objects.get(name="第四师")
    assert fourth.kind == Region.Kind.XPCC_DIVISION
    assert fourth.linked_city.code == "659008"
    assert Region.objects.get(code="659008").xpcc_divisions.get() == fourth
    assert Region.objects.filter(kind=Region.Kind.XPCC_DIVISION).count() == 14


def test_prefecture_cities_without_counties_are_not_duplicated():
    assert Region.objects.filter(name="东莞市").count() == 1


def test_a_subtree_is_one_query(django_assert_num_queries):
    kizilsu = Region.objects.get(code="653000")
    with django_assert_num_queries(1):
        codes = set(regions_in_subtree(kizilsu).values_list("code", flat=True))
    assert {"653000", "653001", "653022", "653023", "653024"} <= codes
    assert len(codes) == 5 + 46  # the prefecture, 4 counties, 46 townships


def test_loading_again_changes_nothing():
    before = Region.objects.count()
    assert regions_load() == {"created": 0, "updated": 0}
    assert Region.objects.count() == before


def test_loading_repairs_a_changed_region():
    Region.objects.filter(code="659008").update(
        name="错误的名称", parent=Region.objects.get(code="654000"), path="/x/"
    )
    assert regions_load() == {"created": 0, "updated": 1}
    kokdala = Region.objects.get(code="659008")
    assert (kokdala.name, kokdala.parent.code, kokdala.path) == (
        "可克达拉市",
        "650000",
        "/650000/659008/",
    )


def test_unknown_code_is_a_clear_error():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        region_by_code("999999", field="recipient_region")
    assert "999999" in str(error.value.message_dict["recipient_region"])


def test_search_by_name_and_code():
    assert [r.code for r in regions_search("可克达拉")][0] == "659008"
    assert "653001" in [r.code for r in regions_search("6530")]
