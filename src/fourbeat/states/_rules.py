"""Choice rules from their JSON form: checked into diagnostics, then compiled into ``Rule``s.

A rule is ``And``/``Or`` (non-empty lists), ``Not`` (one rule), or ``Variable`` with exactly
one comparison operator; only top-level rules have ``Next``.
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

from __future__ import annotations

from typing import Any

from fourbeat.states._choice import (
    COMPARISONS,
    TYPE_TESTS,
    And,
    Choice,
    Comparison,
    Condition,
    Not,
    Or,
    Rule,
    TypeTest,
)
from fourbeat.states._errors import Diagnostic
from fourbeat.states._jsonpath import JsonPathSyntaxError, compile_path
from fourbeat.states._payload import compile_payload
from fourbeat.states._templates import compile_template, is_expression

SCHEMA = "SCHEMA_VALIDATION_FAILED"
_RULE_FIELDS = ("Next", "Comment", "Assign")
_LITERALS = {**{name: name.removeprefix("Is") for name in TYPE_TESTS}, "IsPresent": "bool"}
OPERATORS = {
    *COMPARISONS,
    *(f"{name}Path" for name in COMPARISONS),
    "StringMatches",
    *TYPE_TESTS,
    "IsPresent",
}
_LITERAL_TYPES: dict[str, tuple[type, ...]] = {
    "String": (str,),
    "Timestamp": (str,),
    "Numeric": (int, float),
    "Boolean": (bool,),
}


def _check_condition(rule: dict[str, Any], pointer: str) -> list[Diagnostic]:
    """A JSONata rule: ``Condition`` (a boolean or an expression), ``Next``, ``Assign``."""
    out = [
        Diagnostic(
            SCHEMA,
            "The QueryLanguage is set to 'JSONata', but field "
            f"'{key}' is only supported for the 'JSONPath' QueryLanguage",
            f"{pointer}/{key}",
        )
        for key in rule
        if key not in (*_RULE_FIELDS, "Condition")
    ]
    if "Condition" not in rule:
        out.append(Diagnostic(SCHEMA, "These fields are required: [Condition]", pointer))
    elif not isinstance(rule["Condition"], bool) and not is_expression(rule["Condition"]):
        out.append(Diagnostic(SCHEMA, "The value for the field 'Condition' must be a boolean or "
                              "a JSONata expression", f"{pointer}/Condition"))  # fmt: skip
    return out


def check_choices(state: dict[str, Any], pointer: str, jsonata: bool = False) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    choices = state.get("Choices")
    for index, rule in enumerate(choices if isinstance(choices, list) else []):
        here = f"{pointer}/Choices/{index}"
        if not isinstance(rule, dict) or "Next" not in rule:
            out.append(Diagnostic(SCHEMA, "These fields are required: [Next]", here))
            continue
        if jsonata:
            out += _check_condition(rule, here)
            continue
        out += _check_rule({k: v for k, v in rule.items() if k not in _RULE_FIELDS}, here)
    return out


def _check_rule(rule: Any, pointer: str) -> list[Diagnostic]:
    if not isinstance(rule, dict):
        return [Diagnostic(SCHEMA, "A choice rule must be a JSON object", pointer)]
    if "And" in rule or "Or" in rule:
        key = "And" if "And" in rule else "Or"
        rules = rule[key]
        if not isinstance(rules, list) or not rules:
            return [Diagnostic(SCHEMA, f"'{key}' must be a non-empty array", f"{pointer}/{key}")]
        return [d for i, r in enumerate(rules) for d in _check_rule(r, f"{pointer}/{key}/{i}")]
    if "Not" in rule:
        return _check_rule(rule["Not"], f"{pointer}/Not")
    return _check_comparison(rule, pointer)


def _check_comparison(rule: dict[str, Any], pointer: str) -> list[Diagnostic]:
    operators = [key for key in rule if key in OPERATORS]
    extra = [key for key in rule if key not in OPERATORS and key != "Variable"]
    out = [
        Diagnostic(SCHEMA, f"Field '{key}' is not supported", f"{pointer}/{key}") for key in extra
    ]
    if "Variable" not in rule or len(operators) != 1:
        out.append(Diagnostic(SCHEMA, "A choice rule needs a 'Variable' and exactly one "
                              "comparison operator", pointer))  # fmt: skip
        return out
    if not _is_path(rule["Variable"]):
        out.append(Diagnostic(SCHEMA, "The value for the field 'Variable' must be a valid "
                              "JSONPath", f"{pointer}/Variable"))  # fmt: skip
    operator = operators[0]
    value = rule[operator]
    if not _operand_ok(operator, value):
        out.append(Diagnostic(SCHEMA, f"The value of '{operator}' is not valid: {value!r}",
                              f"{pointer}/{operator}"))  # fmt: skip
    return out


def _is_path(value: Any) -> bool:
    try:
        return isinstance(value, str) and compile_path(value) is not None
    except JsonPathSyntaxError:
        return False


def _operand_ok(operator: str, value: Any) -> bool:
    if operator.endswith("Path"):
        return _is_path(value)
    if operator in TYPE_TESTS or operator in ("IsPresent",):
        return isinstance(value, bool)
    if operator == "StringMatches":
        return isinstance(value, str)
    kind, _ = COMPARISONS[operator]
    types = _LITERAL_TYPES[kind]
    return isinstance(value, types) and (kind == "Boolean" or not isinstance(value, bool))


def compile_choice(rule: dict[str, Any], pointer: str, jsonata: bool = False) -> Choice:
    body = {k: v for k, v in rule.items() if k not in _RULE_FIELDS}
    if jsonata:
        condition = Condition(compile_template(rule["Condition"], "Condition"))
        return Choice(condition, rule["Next"], pointer, compile_template(rule["Assign"], "Assign")
                      if "Assign" in rule else None)  # fmt: skip
    assign = compile_payload(rule["Assign"], f"{pointer}/Assign") if "Assign" in rule else None
    return Choice(compile_rule(body), rule["Next"], pointer, assign)


def compile_rule(rule: dict[str, Any]) -> Rule:
    """A checked rule as objects; ``check_choices`` must have found nothing wrong."""
    if "And" in rule:
        return And(tuple(compile_rule(r) for r in rule["And"]))
    if "Or" in rule:
        return Or(tuple(compile_rule(r) for r in rule["Or"]))
    if "Not" in rule:
        return Not(compile_rule(rule["Not"]))
    operator = next(key for key in rule if key in OPERATORS)
    variable = compile_path(rule["Variable"])
    value = rule[operator]
    if operator in TYPE_TESTS or operator == "IsPresent":
        return TypeTest(variable, operator, value)
    operand = compile_path(value) if operator.endswith("Path") else value
    return Comparison(variable, operator, operand)
