"""The SQS tables: queues, their messages, FIFO deduplication records and message move tasks.

Message state is held as times, not flags: a message is visible when ``visible_at <= now``, in
flight when it has a receipt and is not yet visible again, delayed when it has never been
received and is not yet visible. So visibility timeouts, delays and retention need no timer:
every operation reads them against the clock.
"""

from __future__ import annotations

from fourbeat.store import Schema

SCHEMA = Schema(
    "sqs",
    [
        """
        create table sqs_queues (
            id integer primary key,
            region text not null,
            account text not null,
            name text not null,
            fifo integer not null,
            attributes text not null,
            tags text not null default '{}',
            created real not null,
            modified real not null,
            purged real,
            sequence integer not null default 0,
            unique (region, account, name)
        );
        create table sqs_deleted_queues (
            region text not null,
            account text not null,
            name text not null,
            deleted real not null,
            primary key (region, account, name)
        );
        create table sqs_messages (
            id integer primary key,
            queue_id integer not null references sqs_queues (id) on delete cascade,
            message_id text not null,
            body text not null,
            attributes text,
            system_attributes text,
            md5_body text not null,
            md5_attributes text,
            md5_system text,
            sender_id text not null,
            sent real not null,
            enqueued real not null,
            visible_at real not null,
            receive_count integer not null default 0,
            first_receive real,
            receipt text,
            received real,
            group_id text,
            dedup_id text,
            sequence text,
            dlq_source text
        );
        create index sqs_messages_visible on sqs_messages (queue_id, visible_at);
        create index sqs_messages_group on sqs_messages (queue_id, group_id, id);
        create unique index sqs_messages_id on sqs_messages (queue_id, message_id);
        create table sqs_dedup (
            queue_id integer not null references sqs_queues (id) on delete cascade,
            key text not null,
            message_id text not null,
            sequence text not null,
            expires real not null,
            primary key (queue_id, key)
        );
        create table sqs_move_tasks (
            id integer primary key,
            handle text not null unique,
            region text not null,
            account text not null,
            source_arn text not null,
            destination_arn text,
            rate integer,
            status text not null,
            moved integer not null default 0,
            to_move integer not null,
            started real not null,
            failure text
        );
        create table sqs_receive_attempts (
            queue_id integer not null references sqs_queues (id) on delete cascade,
            attempt_id text not null,
            created real not null,
            receipts text not null,
            primary key (queue_id, attempt_id)
        )
        """,
        # Receives walk a queue in arrival order and stop at the first few receivable
        # messages; retention deletes from the oldest end. Neither may scan the whole queue.
        """
        create index sqs_messages_order on sqs_messages (queue_id, id);
        create index sqs_messages_age on sqs_messages (queue_id, enqueued)
        """,
    ],
)
