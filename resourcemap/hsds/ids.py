"""Stable HSDS identifiers: UUID v5 of each object's stable key.

HSDS 3.0 requires every id to be a UUID. Ours are derived, never stored: the same key gives
the same UUID on every machine, after every re-import and every rebuild of the database,
so an aggregator that stored our ids keeps matching them. A site's key is its `source` and
`external_id` (what the import pipeline matches on), never its database number, which a
fresh `make run` may hand out differently.

The key of each kind of object is "<kind>:<parts joined by ':'>"; `SITE_KINDS` are the ones
derived from one site and looked up by the API in SQL (see `site_uuid_sql`).
"""

from __future__ import annotations

import uuid
from functools import lru_cache

# Fixed for good: changing it would change every published id.
NAMESPACE = uuid.UUID("1998d95e-8a09-48d1-93ed-587b8f58ad11")

SITE_KINDS = ("service", "location", "service_at_location")


# A site's service id is needed by most of its objects: remember recent ones.
@lru_cache(maxsize=65_536)
def key_uuid(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(part) for part in parts)])))


def site_uuid(kind: str, source: str, external_id: str, *parts: object) -> str:
    """The UUID of an object derived from one site (its service, location, an address …)."""
    return key_uuid(kind, source, external_id, *parts)


def site_uuid_sql(kind: str) -> str:
    """The SQL expression of `site_uuid(kind, source, external_id)` over directory_servicepoint.

    uuid-ossp's uuid_generate_v5 is the same RFC 4122 hash over the same UTF-8 bytes, and it is
    IMMUTABLE, so the expression has an index (migration hsds 0001) and `WHERE <expr> = uuid`
    finds one site without hashing every row in Python. The kind is written into the SQL
    rather than passed as a parameter so that the planner matches the indexed expression."""
    if kind not in SITE_KINDS:
        raise ValueError(f"no indexed site UUID for {kind!r}")
    return f"uuid_generate_v5('{NAMESPACE}'::uuid, '{kind}:' || source || ':' || external_id)"


def parse_uuid(value: str) -> str | None:
    """The canonical form of a UUID given in a URL or parameter, or None."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
