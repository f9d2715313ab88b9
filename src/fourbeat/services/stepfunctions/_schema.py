"""Step Functions tables: state machines, executions (with the interpreter's snapshot between
steps) and history events, one row each."""

from __future__ import annotations

from fourbeat.store import Schema

SCHEMA = Schema(
    "stepfunctions",
    [
        """
        create table sfn_machines (
            arn text primary key,
            name text not null,
            definition text not null,
            role_arn text not null,
            type text not null,
            created real not null,
            revision text,
            logging text not null,
            tracing text not null,
            tags text not null default '{}'
        );
        create table sfn_executions (
            arn text primary key,
            machine_arn text not null,
            name text not null,
            status text not null,
            started real not null,
            stopped real,
            input text not null,
            output text,
            error text,
            cause text,
            definition text not null,
            role_arn text not null,
            snapshot blob
        );
        create index sfn_executions_by_machine on sfn_executions (machine_arn, started);
        create table sfn_events (
            execution_arn text not null,
            id integer not null,
            event text not null,
            primary key (execution_arn, id)
        ) without rowid
        """
    ],
)
