"""The organisations an import names, found by IATI ref then by name, registered once."""

from duikou.exchange.iati.activity import Org, best_text, text_in
from duikou.partners.models import Organisation
from duikou.partners.services import organisation_register


class Organisations:
    """Organisations named in the files: found by IATI ref, then by name; registered once."""

    def __init__(self, by):
        self.by = by
        self.by_ref = {
            ref: pk
            for ref, pk in Organisation.all_objects.exclude(iati_ref="").values_list(
                "iati_ref", "pk"
            )
        }
        self.by_name: dict[str, int] = {}

    def id_of(self, org: Org | None, language: str) -> int | None:
        if org is None:
            return None
        if org.ref in self.by_ref:
            return self.by_ref[org.ref]
        name = best_text(org.narratives, language, "zh").strip()[:200]
        if org.ref:
            self.by_ref[org.ref] = self._register(org, name or org.ref, language)
            return self.by_ref[org.ref]
        if not name:
            return None
        if name not in self.by_name:
            found = Organisation.all_objects.filter(name=name).values_list("pk", flat=True).first()
            self.by_name[name] = found or self._register(org, name, language)
        return self.by_name[name]

    def _register(self, org: Org, name: str, language: str) -> int:
        english = text_in(org.narratives, "en") or (
            text_in(org.narratives, "") if language == "en" else ""
        )
        return organisation_register(
            by=self.by, name=name, iati_ref=org.ref[:200], iati_type=org.type[:4], name_en=english
        ).pk
