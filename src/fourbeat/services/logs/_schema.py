"""The CloudWatch Logs tables: log groups, log streams and log events, one row each.

Times are milliseconds since the epoch, as the API speaks them. Events are indexed by
(group, stream, timestamp) for GetLogEvents and by (group, timestamp) for FilterLogEvents,
which interleaves streams; ``id`` is the ingestion order and breaks ties between equal
timestamps. ``size`` is the message's UTF-8 length (what storedBytes adds up). Expired
events stay in the table: reads leave them out by the group's retention (nothing deletes
in the background).
"""

from __future__ import annotations

from fourbeat.store import Schema

SCHEMA = Schema(
    "logs",
    [
        """
        create table logs_groups (
            region text not null,
            name text not null,
            created integer not null,
            retention integer,
            kms_key text,
            class text not null,
            tags text not null default '{}',
            primary key (region, name)
        ) without rowid;
        create table logs_streams (
            region text not null,
            group_name text not null,
            name text not null,
            created integer not null,
            first_event integer,
            last_event integer,
            last_ingestion integer,
            last_id integer,
            primary key (region, group_name, name)
        ) without rowid;
        create table logs_events (
            id integer primary key,
            region text not null,
            group_name text not null,
            stream text not null,
            timestamp integer not null,
            ingested integer not null,
            size integer not null,
            message text not null
        );
        create index logs_events_by_stream
            on logs_events (region, group_name, stream, timestamp, id);
        create index logs_events_by_group on logs_events (region, group_name, timestamp, id)
        """
    ],
)
