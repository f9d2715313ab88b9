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
    """``aws:PrincipalTag``: the user's or role's tags, a role session's own tags over them."""
    temporary: bool = False
    """Whether the credentials came from STS (a role session or GetSessionToken)."""
    session_tags: dict[str, str] = field(default_factory=dict)
    """The tags a role session was given (AssumeRole ``Tags``, and transitive ones inherited)."""
    transitive_tag_keys: tuple[str, ...] = ()
    """The session tags that pass on to sessions this one assumes (role chaining)."""
    source_identity: str | None = None
    """``aws:SourceIdentity``: set once in a role chain, it stays for every later session."""
    session_policy: str | None = None
    """The inline session policy a role session was created with (AssumeRole ``Policy``)."""
    session_policy_arns: tuple[str, ...] = ()
    """The managed session policies (AssumeRole ``PolicyArns``)."""

    @property
    def name(self) -> str:
        return self.arn.rsplit("/", 1)[-1]
