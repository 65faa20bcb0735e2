"""NDJSON, the other answer format of HSDS list operations (format=ndjson): one JSON object a line.

The list views stream NDJSON themselves when asked with format=ndjson (every result, unpaged).
This renderer is there so that the OpenAPI document lists application/x-ndjson as an answer's
media type, and so that a client asking for it by Accept header gets the page's contents as
NDJSON rather than a 406."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.renderers import BaseRenderer


class NDJSONRenderer(BaseRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"
    charset = None

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        rows = data["contents"] if isinstance(data, dict) and "contents" in data else [data]
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
