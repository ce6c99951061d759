"""Imported activities are kept as the XML their publisher wrote, not as JSON."""

from django.db import migrations, models


def json_to_xml(apps, schema_editor):
    from lxml import etree

    from duikou.exchange.iati.stored import from_data
    from duikou.exchange.iati.writer import activity_element

    IatiActivity = apps.get_model("exchange", "IatiActivity")
    for row in IatiActivity.objects.exclude(data={}).iterator():
        element = activity_element(from_data(row.data, row.identifier))
        row.xml = etree.tostring(element, encoding="unicode")
        row.save(update_fields=["xml"])


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="iatiactivity",
            name="xml",
            field=models.TextField(blank=True, verbose_name="IATI 原文"),
        ),
        migrations.RunPython(json_to_xml, migrations.RunPython.noop),
        migrations.RemoveField(model_name="iatiactivity", name="data"),
        migrations.AlterField(
            model_name="iatiactivity",
            name="fingerprint",
            field=models.CharField(
                help_text="活动原文的 SHA-1:原文未变的活动不再导入。",
                max_length=40,
                verbose_name="内容指纹",
            ),
        ),
    ]
