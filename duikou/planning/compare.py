"""Scenarios side by side: value, cash flow, rule margins, and the candidates they choose
differently (chosen in one and not another, or started in different years)."""

from __future__ import annotations

from duikou.planning.models import Scenario


def _figures(scenario: Scenario) -> dict:
    result = scenario.result or {}
    cash = [row for row in result.get("cash_flow", []) if not row.get("after")]
    return {
        "id": scenario.pk,
        "code": scenario.code,
        "name": scenario.name,
        "status": scenario.status,
        "value": result.get("value"),
        "gap": result.get("gap"),
        "greedy_value": result.get("greedy_value"),
        "budget": sum(row["budget"] for row in cash),
        "spent": sum(row["spent"] for row in cash),
        "cash_flow": {row["year"]: row for row in result.get("cash_flow", [])},
        "binding": [row["rule"] for row in result.get("compliance", []) if row["binding"]],
        "compliance": result.get("compliance", []),
        "chosen": len(result.get("chosen", [])),
    }


def compare(scenarios: list[Scenario]) -> dict:
    """``scenarios``: each one's figures, the years any of them covers, and the candidates
    whose start differs: {code: [start year or None per scenario]}."""
    starts = [
        {row["key"]: row["start"] for row in (s.result or {}).get("chosen", [])} for s in scenarios
    ]
    codes = sorted(set().union(*starts)) if starts else []
    differences = {
        code: [chosen.get(code) for chosen in starts]
        for code in codes
        if len({chosen.get(code) for chosen in starts}) > 1
    }
    figures = [_figures(s) for s in scenarios]
    years = sorted({year for f in figures for year in f["cash_flow"]})
    return {"scenarios": figures, "years": years, "differences": differences}
