"""Indicator formulas: ``#{code}`` or ``#{code.kind}`` terms with + - * /, numbers and
brackets (``×`` and ``÷`` are accepted). Parsed with Python's ``ast`` and evaluated on
Decimals; nothing else is allowed, so a formula can never run code."""

import ast
import operator
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from duikou.common.errors import field_error

TERM = re.compile(r"#\{\s*([A-Za-z0-9_\-]+)(?:\.(baseline|target|actual))?\s*\}")
OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@dataclass(frozen=True)
class Term:
    code: str
    kind: str | None  # None: the kind the indicator is asked for


def terms_of(expression: str) -> list[Term]:
    return [Term(m.group(1), m.group(2)) for m in TERM.finditer(expression or "")]


def _tree(expression: str, field: str) -> tuple[ast.Expression, dict[str, Term]]:
    names: dict[str, Term] = {}

    def name_for(match: re.Match) -> str:
        name = f"t{len(names)}"
        names[name] = Term(match.group(1), match.group(2))
        return name

    text = TERM.sub(name_for, expression or "").replace("×", "*").replace("÷", "/")
    if not text.strip():
        raise field_error(field, _("请填写公式。"))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise field_error(field, _("公式“%(value)s”写法有误。"), value=expression) from None
    for node in ast.walk(tree):
        allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd, ast.Load)
        if isinstance(node, ast.Name) and node.id in names:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            continue
        if isinstance(node, allowed) or type(node) in OPERATORS:
            continue
        raise field_error(
            field,
            _("公式“%(value)s”只能包含 #{代码}、数字、+ − × ÷ 和括号。"),
            value=expression,
        )
    return tree, names


def check(expression: str, field: str) -> list[Term]:
    """The terms of a well-formed formula, or a clear error naming ``field``."""
    _tree(expression, field)
    return terms_of(expression)


def evaluate(expression: str, values: dict[Term, Decimal | None]) -> Decimal | None:
    """The formula's value; None when a term has no value or a division is by zero."""
    tree, names = _tree(expression, "expression")

    def walk(node) -> Decimal | None:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            return values.get(names[node.id])
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand)
            return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
        left, right = walk(node.left), walk(node.right)
        if left is None or right is None:
            return None
        try:
            return OPERATORS[type(node.op)](left, right)
        except (ZeroDivisionError, InvalidOperation):
            return None

    return walk(tree)
