"""Access keys map to principals; keys this cloud never issued are the default administrator."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fourbeat.errors import AwsError
from fourbeat.iam import ADMIN_ACCESS_KEY, Identities
from fourbeat.store import Store

NOW = 1_767_225_600.0


@pytest.fixture
def identities(tmp_path: Path) -> Identities:
    return Identities(Store(tmp_path), "123456789012", NOW)


def test_no_key_and_unknown_long_term_keys_are_the_administrator(identities: Identities) -> None:
    admin = identities.principal_for(ADMIN_ACCESS_KEY, NOW)
    assert admin.arn == "arn:aws:iam::123456789012:user/admin"
    assert identities.principal_for(None, NOW) == admin
    assert identities.principal_for("AKIANEVERISSUED00000", NOW) == admin


def test_unknown_session_keys_are_invalid(identities: Identities) -> None:
    with pytest.raises(AwsError) as caught:
        identities.principal_for("ASIANEVERISSUED00000", NOW)
    assert caught.value.code == "InvalidClientTokenId"


def test_reopening_keeps_the_same_administrator(tmp_path: Path) -> None:
    first = Identities(Store(tmp_path), "123456789012", NOW).admin
    again = Identities(Store(tmp_path), "123456789012", NOW + 5).admin
    assert first == again


def test_user_sessions_are_the_user_and_temporary(identities: Identities) -> None:
    admin = identities.admin
    creds = identities.issue_user_session(admin.user_id, NOW, 900)
    principal = identities.principal_for(creds.access_key_id, NOW)
    assert (principal.arn, principal.temporary) == (admin.arn, True)
    with pytest.raises(AwsError) as caught:
        identities.principal_for(creds.access_key_id, NOW + 900)
    assert caught.value.code == "ExpiredToken"


def _last_used(identities: Identities) -> tuple[float, str]:
    row = (
        identities._db.read()
        .execute(
            "select last_used, last_used_service from access_keys where access_key_id = ?",
            (ADMIN_ACCESS_KEY,),
        )
        .fetchone()
    )
    return row["last_used"], row["last_used_service"]


def test_key_use_is_recorded_at_most_once_a_minute(identities: Identities) -> None:
    identities.principal_for(ADMIN_ACCESS_KEY, NOW, service="s3", region="eu-west-1")
    identities.principal_for(ADMIN_ACCESS_KEY, NOW + 30, service="sqs", region="eu-west-1")
    assert _last_used(identities) == (NOW, "s3")
    identities.principal_for(ADMIN_ACCESS_KEY, NOW + 60, service="sqs", region="eu-west-1")
    assert _last_used(identities) == (NOW + 60, "sqs")


def test_a_change_made_by_another_process_reaches_a_warm_principal_cache(
    tmp_path: Path,
) -> None:
    here = Identities(Store(tmp_path), "123456789012", NOW)
    assert here.principal_for(ADMIN_ACCESS_KEY, NOW).tags == {}
    # Another process (its own connection) tags the administrator.
    other = sqlite3.connect(tmp_path / "cloud.db")
    other.execute("""update iam_users set tags = '[{"Key": "team", "Value": "ops"}]'""")
    other.commit()
    other.close()
    assert here.principal_for(ADMIN_ACCESS_KEY, NOW).tags == {"team": "ops"}
