"""The Lambda tables: functions ($LATEST only for now) and their settings, and event source
mappings (``lambda_mappings``).

A function's code is unpacked once into a directory named by its SHA-256 under the data
directory (``lambda/code/``), shared by every function with the same bytes; the row names it.
Settings the API only echoes back (tracing, architectures, ephemeral storage, logging) are one
JSON document, ``settings``.
"""

from __future__ import annotations

from fourbeat.store import Schema

SCHEMA = Schema(
    "lambda",
    [
        """
        create table lambda_functions (
            name text primary key,
            runtime text not null,
            role text not null,
            handler text not null,
            code_sha256 text not null,
            code_size integer not null,
            description text not null,
            timeout integer not null,
            memory integer not null,
            environment text not null,
            dead_letter_target text,
            settings text not null,
            revision_id text not null,
            modified real not null,
            reserved_concurrency integer,
            tags text not null default '{}',
            policy text
        );
        create table lambda_mappings (
            uuid text primary key,
            function text not null,
            source_arn text not null,
            enabled integer not null,
            batch_size integer not null,
            batching_window integer not null,
            response_types text not null,
            scaling text,
            modified real not null
        );
        create index lambda_mappings_by_function on lambda_mappings (function)
        """
    ],
)
