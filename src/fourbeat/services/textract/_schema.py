"""The Textract table: asynchronous jobs.

A job row holds the Start request as it was made (its document location, feature types,
queries, output location, tag), its status, and, once it has succeeded, the id of the blob
that holds its results (the Blocks, or the ExpenseDocuments, as one JSON list) and its page
count. A ``ClientRequestToken`` is unique per kind of job, so the same token finds the job
it started.
"""

from __future__ import annotations

from fourbeat.store import Schema

SCHEMA = Schema(
    "textract",
    [
        """
        create table textract_jobs (
            job_id text primary key,
            kind text not null,
            token text,
            request text not null,
            status text not null,
            status_message text,
            pages integer,
            result_blob text,
            created real not null,
            finished real
        );
        create unique index textract_jobs_by_token on textract_jobs (kind, token)
        """
    ],
)
