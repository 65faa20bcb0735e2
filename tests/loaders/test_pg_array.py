"""The text[] literals the importer's COPY writes (loaders.apply.pg_array) read back as the
same lists in PostgreSQL, with and without characters that need escaping."""

from __future__ import annotations

import pytest
from django.db import connection

from loaders.apply import pg_array

pytestmark = pytest.mark.django_db

LISTS = [
    [],
    ["儿童", "童医", "医院"],
    ["a,b", "{x}", "NULL", " spaced ", ""],
    ['say "hi"', "back\\slash", 'both \\"'],
]


@pytest.mark.parametrize("values", LISTS, ids=["empty", "plain", "commas-braces-null", "quotes-backslashes"])
def test_postgresql_reads_the_literal_as_the_same_list(values):
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [pg_array(values)])
        assert cursor.fetchone()[0] == values
