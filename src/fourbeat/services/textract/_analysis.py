"""Document analysis: which feature types are asked for, and the blocks each adds to a page.

TABLES, FORMS, QUERIES and LAYOUT are built from the engines' lines (``_tables``, ``_forms``,
``_queries``, ``_regions``). SIGNATURES is refused with a ``NotServedError``: a signature is
ink, not words, and the engines report only words, so no answer here could be honest.
Whatever is asked, a page's blocks start with its PAGE, LINE and WORD blocks; then come
TABLE and CELL blocks, KEY_VALUE_SETs, LAYOUT blocks, and QUERY blocks, in that order.
https://docs.aws.amazon.com/textract/latest/dg/API_AnalyzeDocument.html

This module imports ``services._base`` and the package's analysis modules.
"""

from __future__ import annotations

from collections.abc import Sequence

from fourbeat.services._base import NotServedError, Params
from fourbeat.services.textract._blocks import PageBlocks
from fourbeat.services.textract._errors import invalid_parameter
from fourbeat.services.textract._forms import find_pairs, pair_blocks
from fourbeat.services.textract._queries import Query, query_blocks
from fourbeat.services.textract._regions import find_regions, region_blocks
from fourbeat.services.textract._tables import find_tables, table_blocks

SERVED = frozenset({"TABLES", "FORMS", "QUERIES", "LAYOUT"})


def check_features(params: Params) -> tuple[frozenset[str], list[Query]]:
    """The feature types asked for and the queries; Textract's errors for a request that
    does not add up, and a ``NotServedError`` for what fourbeat cannot do."""
    features = frozenset(params.get("FeatureTypes") or ())
    if not features:
        raise invalid_parameter("FeatureTypes must name at least one feature type")
    queries: list[Query] = list(params.get("QueriesConfig", {}).get("Queries", []))
    if ("QUERIES" in features) != bool(queries):
        raise invalid_parameter("QUERIES and QueriesConfig go together")
    if "SIGNATURES" in features:
        raise NotServedError(
            "Textract's SIGNATURES feature is not served: fourbeat's document engines read "
            "printed words and cannot see handwritten signatures",
            fix="Leave SIGNATURES out of FeatureTypes.",
        )
    for name, what in (
        ("HumanLoopConfig", "human review through Amazon A2I"),
        ("AdaptersConfig", "custom adapters"),
    ):
        if name in params:
            raise NotServedError(
                f"Textract's {name} ({what}) is not served by fourbeat",
                fix=f"Leave {name} out of the request.",
            )
    return features, queries


def analyze(
    pages: PageBlocks, features: frozenset[str], queries: Sequence[Query], first_page: bool
) -> None:
    """Add the blocks of ``features`` to one page."""
    tables = find_tables(pages.placed) if features & {"TABLES", "LAYOUT"} else []
    table_lines = [{p.index for p in table.lines} for table in tables]
    in_tables = frozenset(i for lines in table_lines for i in lines)
    wants_pairs = features & {"FORMS", "QUERIES", "LAYOUT"}
    pairs = find_pairs(pages, in_tables) if wants_pairs else []
    if "TABLES" in features:
        table_blocks(pages, tables)
    if "FORMS" in features:
        pair_blocks(pages, pairs)
    if "LAYOUT" in features:
        in_pairs = {i for pair in pairs for i in pair.lines}
        region_blocks(pages, find_regions(pages, table_lines, in_pairs, first_page))
    if "QUERIES" in features and queries:
        query_blocks(pages, queries, pairs)
