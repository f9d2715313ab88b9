"""A service serves exactly the botocore operations it has methods for."""

from __future__ import annotations

import pytest

from fourbeat import Cloud
from fourbeat.services import NotServedError, service_classes
from fourbeat.services._base import service_model


@pytest.mark.parametrize("name", sorted(service_classes()))
def test_every_operation_method_is_a_modeled_operation(name: str) -> None:
    cls = service_classes()[name]
    modeled = set(service_model(name).operation_names)
    methods = {m for m in vars(cls) if m[:1].isupper()}
    for base in cls.__mro__[1:]:
        methods |= {m for m in vars(base) if m[:1].isupper()}
    assert methods - modeled == set(), f"{name}: methods that are not {name} operations"


def test_an_unserved_operation_names_itself_and_lists_what_is_served(cloud: Cloud) -> None:
    with pytest.raises(NotServedError) as caught:
        cloud.client("sts").get_federation_token(Name="someone")
    assert "sts:GetFederationToken" in str(caught.value)
    assert "AssumeRole" in caught.value.fix
