"""What every resource provisioner shares: the deployment context, the created resource,
and physical names formed as CloudFormation forms them.

A provisioner creates a resource through fourbeat's own service APIs (boto3 clients served by
the cloud, as the stack's deployer) and deletes it again; it never touches a store.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
"""

from __future__ import annotations

import json
import logging
import secrets
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from fourbeat.template._errors import TemplateError

_log = logging.getLogger("fourbeat.template")
_ALPHABET = string.ascii_uppercase + string.digits


@dataclass(frozen=True)
class Context:
    """A stack being deployed: its identity and clients as its deployer."""

    client: Callable[[str], Any]
    stack_name: str
    stack_id: str
    region: str
    account: str

    def name(
        self,
        logical_id: str,
        limit: int,
        *,
        lower: bool = False,
        tail: str = "",
        stack: bool = True,
    ) -> str:
        """``stack-LogicalId-RANDOM`` (``LogicalId-RANDOM`` without ``stack``), the stack name
        and logical id cut to fit ``limit``."""
        suffix = "".join(secrets.choice(_ALPHABET) for _ in range(13))
        if not stack:
            return f"{logical_id[: limit - len(suffix) - 1]}-{suffix}"
        room = limit - len(suffix) - len(tail) - 2
        stack_name, logical = self.stack_name, logical_id
        if len(stack_name) + len(logical) > room:
            logical = logical[: max(room - len(stack_name), room // 2)]
            stack_name = stack_name[: room - len(logical)]
        name = f"{stack_name}-{logical}-{suffix}{tail}"
        return name.lower() if lower else name

    @property
    def partition(self) -> str:
        return "aws-cn" if self.region.startswith("cn-") else "aws"


@dataclass
class Created:
    """A created resource: its physical id (what Ref returns) and its Fn::GetAtt values."""

    physical_id: str
    attributes: dict[str, Any] = field(default_factory=dict)


class Provisioner(Protocol):
    attributes: ClassVar[tuple[str, ...]]
    """The Fn::GetAtt attributes of the type."""

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created: ...

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None: ...


def document(value: Any) -> str:
    """A policy document property as the API's JSON string (templates give objects)."""
    return value if isinstance(value, str) else json.dumps(value)


def required(props: Mapping[str, Any], name: str, logical_id: str) -> Any:
    if name not in props:
        raise TemplateError(
            f"the required property {name} is missing", where=f"Resources.{logical_id}.Properties"
        )
    return props[name]


def warn_unapplied(logical_id: str, props: Mapping[str, Any], applied: Iterable[str]) -> None:
    """Properties fourbeat does not apply yet are named, never silently dropped."""
    left = sorted(set(props) - set(applied))
    if left:
        _log.warning("%s: fourbeat does not apply %s yet", logical_id, ", ".join(left))


def tag_map(tags: Any) -> dict[str, str]:
    """CloudFormation's ``[{Key, Value}]`` tags as the ``{key: value}`` some APIs take."""
    return {str(tag["Key"]): str(tag["Value"]) for tag in tags or []}
