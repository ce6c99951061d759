"""Demo results for the seed's projects: visitors and income of 央布拉克村's home-visit points,
the 苏宁易购 store's sales and trainees, patient visits and remote consultations at 克州人民医院,
the school's students, the labour-transfer training. Every figure is illustrative (示例): the
report gives none per year. Up to 2024 the values are approved by the recipient government;
2025's are submitted and waiting; one quarter's sales jump is flagged for follow-up."""

from duikou.results.models import DataValue
from duikou.results.services import value_approve, value_save, value_submit

YEARS = range(2019, 2026)
APPROVED_UNTIL = 2024
NOTE = "示例数据"

# project, region, element, {year: (target, actual)}
YEARLY = [
    (
        "JSYJ-YL-001",
        "654021",
        "tourists",
        lambda y: (8000 + 2500 * (y - 2019), 7200 + 2700 * (y - 2019)),
    ),
    (
        "JSYJ-YL-001",
        "654021",
        "tourism_income",
        lambda y: (96 + 30 * (y - 2019), 88 + 33 * (y - 2019)),
    ),
    ("JSYJ-YL-001", "654021", "poor_households_reached", lambda y: (60, min(13 * (y - 2018), 78))),
    ("JSYJ-KZ-004", "653001", "trainees", lambda y: (300, 240 + 35 * (y - 2019))),
    ("JSYJ-KZ-001", "653001", "patient_visits", lambda y: (None, 310000 + 22000 * (y - 2019))),
    ("JSYJ-KZ-001", "653001", "surgeries", lambda y: (None, 9800 + 900 * (y - 2019))),
    ("JSYJ-KZ-001", "653001", "referrals_out", lambda y: (None, 6200 - 650 * (y - 2019))),
    ("JSYJ-KZ-001", "653001", "new_techniques", lambda y: (20, 18 + 4 * (y - 2019))),
    ("JSYJ-KZ-003", "653001", "remote_consultations", lambda y: (600, 420 + 110 * (y - 2019))),
    ("JSYJ-YL-002", "659008", "students", lambda y: (None, 1200 + 300 * min(y - 2019, 4))),
    ("JSYJ-YL-002", "659008", "teachers_trained", lambda y: (150, 130 + 12 * (y - 2019))),
    ("JSYJ-YL-007", "654004", "labour_transfer", lambda y: (800, 650 + 90 * (y - 2019))),
    ("JSYJ-YL-007", "654024", "labour_transfer", lambda y: (600, 520 + 70 * (y - 2019))),
    ("JSYJ-YL-007", "654004", "jobs_created", lambda y: (400, 310 + 45 * (y - 2019))),
]
# The store's e-commerce sales by quarter (万元): target and actual; 2025Q4's jump is flagged.
SALES = {
    f"{year}Q{quarter}": (60 + 10 * quarter, 45 + 12 * quarter + 8 * (year - 2023))
    for year in (2023, 2024, 2025)
    for quarter in (1, 2, 3, 4)
}
SALES["2025Q4"] = (100, 980)


def _value(project, region, element, period, kind, amount) -> None:
    value = value_save(
        by=None,
        element=element,
        period=period,
        region=region,
        project=project,
        kind=kind,
        value=amount,
        comment=NOTE,
        is_illustrative=True,
    )
    year = int(str(period)[:4])
    if value.status == DataValue.Status.ENTERED:
        value_submit(by=None, value=value)
    if year <= APPROVED_UNTIL and value.status == DataValue.Status.SUBMITTED:
        value_approve(by=None, value=value)


def load_results() -> int:
    """Load (or refresh) the demo results; idempotent. Returns the number of values."""
    from duikou.projects.models import Project

    projects = Project.objects.in_bulk(
        {project for project, *_rest in YEARLY} | {"JSYJ-KZ-004"}, field_name="code"
    )
    for code, region, element, figures in YEARLY:
        for year in YEARS:
            target, actual = figures(year)
            if target is not None:
                _value(projects[code], region, element, year, DataValue.Kind.TARGET, target)
            _value(projects[code], region, element, year, DataValue.Kind.ACTUAL, actual)
    for period, (target, actual) in SALES.items():
        store = projects["JSYJ-KZ-004"]
        _value(store, "653001", "ecommerce_sales", period, DataValue.Kind.TARGET, target)
        _value(store, "653001", "ecommerce_sales", period, DataValue.Kind.ACTUAL, actual)
    return DataValue.objects.filter(is_illustrative=True).count()
