"""IATI files for tests: the real samples and schema tests kept beside the tests, and small
activities written on the spot."""

from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
SAMPLES = {
    "netherlands": FILES / "netherlands-mfa-13-activities.xml",
    "publisher": FILES / "iatipublisher-complete-2-activities.xml",
    "annotated": FILES / "iati-standard-example-annotated-203.xml",
    "validator": FILES / "validator-no-errors.xml",
    "schema-errors": FILES / "validator-schema-errors.xml",
}
SHOULD_PASS = sorted((FILES / "schema-tests" / "should-pass").glob("*.xml"))
SHOULD_FAIL = sorted((FILES / "schema-tests" / "should-fail").iterdir())  # one has no .xml


# A Chinese location and results: a baseline, a 2024 target and actuals by sex, a July–June
# period and a qualitative indicator.
RESULTS = """<recipient-country code="CN" percentage="100"/>
  <location ref="CN-653000"><name><narrative>克州</narrative></name></location>
  <result type="1"><title><narrative>培训</narrative></title>
    <indicator measure="1" ascending="1">
      <title><narrative>培训人数</narrative>
        <narrative xml:lang="en">People trained</narrative></title>
      <baseline year="2023" iso-date="2023-01-01" value="120"/>
      <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
        <target value="300"/><actual value="180"><dimension name="sex" value="female"/></actual>
        <actual value="150"><dimension name="sex" value="male"/></actual></period>
      <period><period-start iso-date="2024-07-01"/><period-end iso-date="2025-06-30"/>
        <target value="400"/></period>
    </indicator>
    <indicator measure="5"><title><narrative>满意度</narrative></title></indicator>
  </result>"""


def activity(identifier: str, body: str = "", *, title: str = "测试活动", lang: str = "zh") -> str:
    """A schema-valid 2.03 activity; ``body`` goes after the activity dates."""
    return f"""<iati-activity xml:lang="{lang}" default-currency="CNY">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="CN-TEST-1" type="10"><narrative>测试报告单位</narrative></reporting-org>
  <title><narrative>{title}</narrative><narrative xml:lang="en">Test activity</narrative></title>
  <description type="1"><narrative>说明</narrative></description>
  <participating-org role="4" ref="CN-TEST-2" type="10">
    <narrative>测试实施单位</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <activity-date type="3" iso-date="2025-12-31"/>
{body}
</iati-activity>"""


def document(*activities: str, version: str = "2.03") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="{version}">\n'
        + "\n".join(activities)
        + "\n</iati-activities>\n"
    )


def write(tmp_path: Path, text: str, name: str = "activities.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
