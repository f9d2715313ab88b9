"""The CloudFormation table: one row per stack, its record as JSON (a stack is read and
written whole; it is never queried by its contents)."""

from __future__ import annotations

from fourbeat.store import Schema

SCHEMA = Schema(
    "cloudformation",
    [
        """
        create table cloudformation_stacks (
            id integer primary key,
            stack_id text not null unique,
            region text not null,
            account text not null,
            name text not null,
            deleted integer not null default 0,
            record text not null
        );
        create index cloudformation_stacks_by_name
            on cloudformation_stacks (region, account, name, deleted);
        """
    ],
)
