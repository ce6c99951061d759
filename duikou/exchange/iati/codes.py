"""How IATI codes meet Duikou's: transaction types, activity status and lifecycle stages, date
types, and the names of codes (from the codelists kept in ``data/iati/codelists``)."""

import functools
from pathlib import Path

from lxml import etree

from duikou.projects.models import Stage, Transaction

CODELISTS = Path(__file__).resolve().parent.parent / "data" / "iati" / "codelists"
Kind = Transaction.Kind

TRANSACTION_KINDS = {
    "1": Kind.INCOMING_FUNDS,
    "2": Kind.COMMITMENT,
    "3": Kind.IN_PLACE,  # disbursement: the money reaches the project (到位)
    "4": Kind.EXPENDITURE,
    "5": Kind.INTEREST_PAYMENT,
    "6": Kind.LOAN_REPAYMENT,
    "7": Kind.REIMBURSEMENT,
    "8": Kind.EQUITY_PURCHASE,
    "9": Kind.EQUITY_SALE,
    "10": Kind.CREDIT_GUARANTEE,
    "11": Kind.INCOMING_COMMITMENT,
    "12": Kind.OUTGOING_PLEDGE,
    "13": Kind.INCOMING_PLEDGE,
}
TRANSACTION_TYPES = {kind: code for code, kind in TRANSACTION_KINDS.items()}

# IATI activity status → the lifecycle stage a project in that status is at.
STATUS_STAGES = {
    "1": Stage.RESERVE,  # pipeline / identification
    "2": Stage.CONSTRUCTION,  # implementation
    "3": Stage.COMPLETED,  # finalisation
    "4": Stage.HANDED_OVER,  # closed
    "5": Stage.RESERVE,  # cancelled
    "6": Stage.CONSTRUCTION,  # suspended
}
STAGE_STATUSES = {
    Stage.RESERVE: "1",
    Stage.PREPARATION: "1",
    Stage.TENDERING: "1",
    Stage.CONSTRUCTION: "2",
    Stage.COMPLETED: "3",
    Stage.ACCEPTED: "3",
    Stage.HANDED_OVER: "4",
}


def status_for(stage: str, imported_status: str = "") -> str:
    """The IATI status of a project: the imported one while it still fits the stage."""
    if imported_status and STATUS_STAGES.get(imported_status) == stage:
        return imported_status
    return STAGE_STATUSES.get(stage, "1")


# activity-date types
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
DATE_FIELDS = {
    PLANNED_START: "planned_start",
    ACTUAL_START: "actual_start",
    PLANNED_END: "planned_end",
    ACTUAL_END: "actual_end",
}


@functools.cache
def codelist(name: str) -> dict[str, str]:
    """``{code: English name}`` of a codelist kept with Duikou (empty when not kept)."""
    path = CODELISTS / f"{name}.xml"
    if not path.exists():
        return {}
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    root = etree.parse(str(path), parser).getroot()
    return {
        (item.findtext("code") or "").strip(): (item.findtext("name/narrative") or "").strip()
        for item in root.iter("codelist-item")
    }
