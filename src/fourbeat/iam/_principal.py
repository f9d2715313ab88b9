"""Who makes a call: the principal behind a request's credentials."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    arn: str
    """``arn:aws:iam::ACCOUNT:user/NAME`` or ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION``."""
    account: str
    user_id: str
    """GetCallerIdentity's ``UserId``: ``AIDA…`` for a user, ``AROA…:SESSION`` for a role."""
    role_arn: str | None = None
    """The IAM role behind an assumed-role session."""
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.arn.rsplit("/", 1)[-1]
