"""The organisations an import names, found by IATI ref then by name, registered once."""

from duikou.exchange.iati.mapping import Party
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

    def id_of(self, org: Party | None) -> int | None:
        if org is None:
            return None
        if org.ref in self.by_ref:
            return self.by_ref[org.ref]
        if org.ref:
            self.by_ref[org.ref] = self._register(org, org.name or org.ref)
            return self.by_ref[org.ref]
        if not org.name:
            return None
        if org.name not in self.by_name:
            found = (
                Organisation.all_objects.filter(name=org.name).values_list("pk", flat=True).first()
            )
            self.by_name[org.name] = found or self._register(org, org.name)
        return self.by_name[org.name]

    def _register(self, org: Party, name: str) -> int:
        return organisation_register(
            by=self.by,
            name=name,
            iati_ref=org.ref[:200],
            iati_type=org.type[:4],
            name_en=org.name_en,
        ).pk
