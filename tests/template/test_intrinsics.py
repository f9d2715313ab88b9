"""Intrinsic functions and conditions, evaluated as CloudFormation evaluates them.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
"""

from __future__ import annotations

from typing import Any

import pytest

from fourbeat.errors import FourbeatError
from fourbeat.template import Resolver, TemplateError, parse

PSEUDO = {"AWS::Region": "eu-west-1", "AWS::AccountId": "000000000000", "AWS::Partition": "aws"}


def _resolver() -> Resolver:
    return Resolver(
        pseudo=PSEUDO,
        parameters={"Stage": "prod", "Zones": ["a", "b"]},
        mappings={"Sizes": {"prod": {"Memory": 1024}}},
        conditions={
            "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
            "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
        },
        ref=lambda name, path: f"physical-{name}",
        getatt=lambda name, attribute, path: f"{name}.{attribute}",
    )


CASES: list[tuple[str, Any]] = [
    ("!Ref Stage", "prod"),
    ("!Ref Bucket", "physical-Bucket"),
    ("!GetAtt Queue.Arn", "Queue.Arn"),
    ("!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/${Stage}'", "arn:aws:s3:::physical-Bucket/prod"),
    ("!Sub '${Queue.Arn} ${!Literal}'", "Queue.Arn ${Literal}"),
    ("!Sub ['${A}-${AWS::Region}', {A: !Ref Stage}]", "prod-eu-west-1"),
    ("!Join [':', [a, !Ref Stage, 3]]", "a:prod:3"),
    ("!Select [1, !Ref Zones]", "b"),
    ("!Select [0, !Split [',', 'x,y']]", "x"),
    ("!If [IsProd, big, small]", "big"),
    ("!If [IsDev, big, small]", "small"),
    ("!FindInMap [Sizes, !Ref Stage, Memory]", 1024),
    ("!Base64 hi", "aGk="),
    ("!Select [0, !GetAZs '']", "eu-west-1a"),
    ("!And [!Equals [a, a], !Or [!Equals [a, b], !Condition IsProd]]", True),
    ("[a, !Ref AWS::NoValue, b]", ["a", "b"]),
    ("{Keep: 1, Drop: !Ref AWS::NoValue}", {"Keep": 1}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_function_evaluates_as_cloudformation_does(text: str, expected: Any) -> None:
    value = parse(f"Value: {text}\n")["Value"]
    assert _resolver().resolve(value, "Outputs.X.Value") == expected


def test_an_undefined_condition_names_where_it_was_used() -> None:
    value = parse("Value: !If [Missing, a, b]\n")["Value"]
    with pytest.raises(TemplateError) as raised:
        _resolver().resolve(value, "Resources.F.Properties.Memory")
    assert raised.value.where == "Resources.F.Properties.Memory.Fn::If"
    assert "'Missing'" in raised.value.what


def test_a_yaml_error_names_line_and_column() -> None:
    with pytest.raises(FourbeatError) as raised:
        parse("Resources:\n  A:\n    Type: [unclosed\n", "t.yaml")
    assert raised.value.where == "t.yaml:4:1"  # where the unclosed list met the end
