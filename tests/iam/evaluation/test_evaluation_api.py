"""The evaluation engine's public names, as ``fourbeat.iam`` exports them."""

from __future__ import annotations

import fourbeat.iam

EVALUATION_API = {
    "CompiledPolicy",
    "Decision",
    "Mismatch",
    "Outcome",
    "PolicyKind",
    "PolicySet",
    "PolicyType",
    "Request",
    "ServicePrincipal",
    "StatementRef",
    "StatementTrace",
    "compile_policy",
    "denial_message",
    "evaluate",
}


def test_the_evaluation_api_is_exported() -> None:
    assert set(fourbeat.iam.__all__) >= EVALUATION_API
    assert all(hasattr(fourbeat.iam, name) for name in EVALUATION_API)
