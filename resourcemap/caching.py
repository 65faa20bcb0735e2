"""Public answers cached per data version and language, with strong ETags and bodies
compressed once.

`@cached_public(...)` wraps a view whose answer depends only on the directory's data (the
version in directory/version.py), the page's language (the URL's prefix), the path, the
query parameters it names and, where it says so, the clock. Such an answer is rendered once
per (version, language, path, query[, minute or day]) and process, stored in the "public"
cache with its gzip and brotli encodings (each made on first demand, then reused), and
answered with a strong ETag: a conditional request with a matching If-None-Match gets a 304
after one one-row query, without running the view.

Never cached (the view runs as before):
- a request carrying a session or messages cookie (staff, someone who just sent a form):
  their pages may one day carry per-user content, and nothing per-user may enter a shared
  entry;
- a request with a query parameter the view did not name: search text and points may be a
  child's whereabouts, which are not stored (README, privacy);
- an answer that is not a 200, or that sets a cookie.

The version is read once per request (`request_version`); its tag includes the time of the
last change, so a number that a rolled-back transaction used is never taken for another.
The key also carries a digest of this release (code, templates, translations, static
manifest, settings), so a deployment never serves the previous release's pages.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from functools import cache, wraps
from pathlib import Path
from typing import Any, Literal

import brotli
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from resourcemap.directory.version import version_tag

PUBLIC_CACHE = "public"
Clock = Literal["minute", "day"] | None
View = Callable[..., HttpResponse]
# The language a view will answer in, when not the URL's (the API reads ?lang= and
# Accept-Language); None for a value the view refuses.
LanguageOf = Callable[[HttpRequest], str | None]

# Below this, compression costs more than it saves (GZipMiddleware's own threshold).
MIN_COMPRESSED_LENGTH = 200
# Brotli's quality 11 takes seconds on a 13 MB document; 5 is as fast as gzip -6 and smaller.
BROTLI_QUALITY = 5
# Headers that belong to one answer, never to a stored body.
_PER_ANSWER_HEADERS = {
    "cache-control", "content-encoding", "content-length", "etag", "expires", "last-modified", "set-cookie",
}
_CODING = re.compile(r"^\s*([a-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$", re.IGNORECASE)


@dataclass
class StoredAnswer:
    """One rendered answer in one content coding (each coding is its own cache entry, so a
    hit copies only the bytes it sends)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def request_version(request: HttpRequest) -> str:
    """The data version's tag; the read path reads it once per request (ReadPathMiddleware), so
    every cached part of a request and every kept answer agree on it."""
    return version_tag()


def compress(body: bytes, encoding: str) -> bytes:
    """The one place bodies are compressed (tests count calls to prove each is made once)."""
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, compresslevel=6, mtime=0)


def accepted_encodings(request: HttpRequest) -> set[str]:
    """Codings the client accepts (q > 0) among br and gzip."""
    accepted = set()
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        match = _CODING.match(part)
        if not match:
            continue
        coding, quality = match.group(1).lower(), match.group(2)
        try:
            if quality is not None and float(quality) <= 0:
                continue
        except ValueError:
            continue
        if coding == "*":
            accepted |= {"br", "gzip"}
        elif coding in ("br", "gzip"):
            accepted.add(coding)
    return accepted


@cache
def release_digest() -> str:
    """What, besides the data, decides a page: this release's code, templates, translations,
    static manifest and settings. Computed once per process (~20 ms)."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR) / "resourcemap"
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".mo", ".txt", ".json"} and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if getattr(settings, "STATIC_MANIFEST", False) and manifest.is_file():
        digest.update(manifest.read_bytes())
    secret = re.compile(r"SECRET|KEY|PASSWORD|TOKEN|DATABASE")
    for name in sorted(dir(settings)):
        value = getattr(settings, name, None)
        if name.isupper() and not secret.search(name) and isinstance(value, str | int | float | bool | tuple | list):
            digest.update(f"{name}={value!r}".encode())
    return digest.hexdigest()[:16]


def clock_now() -> datetime:
    """The instant clock-keyed answers are keyed by (tests hold it still across a minute's end)."""
    return timezone.localtime()


def _clock_part(clock: Clock) -> str:
    if clock is None:
        return ""
    now = clock_now()
    return now.strftime("%Y-%m-%dT%H:%M") if clock == "minute" else now.date().isoformat()


def _is_anonymous_get(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
    )


def _variant(
    request: HttpRequest, query: Collection[str], clock: Clock, language: LanguageOf | None, negotiated: bool
) -> str | None:
    """The digest naming this answer, or None when the request must not be cached."""
    if not _is_anonymous_get(request) or any(name not in query for name in request.GET):
        return None
    chosen = language(request) if language else get_language()
    if chosen is None:
        return None  # a language the view will refuse: let it say so
    params = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    if negotiated:
        params.append(("\x00accept", request.META.get("HTTP_ACCEPT", "")))
    # Host and scheme: some answers carry absolute links (the API's next/previous pages).
    parts = [release_digest(), request_version(request), chosen, request.scheme or "",
             request.get_host(), request.path, repr(params), _clock_part(clock)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _etag(variant: str, encoding: str) -> str:
    # Strong validators differ per content coding (RFC 9110 8.8.3).
    return f'"{variant}"' if encoding == "identity" else f'"{variant}-{encoding}"'


def _matching_tag(request: HttpRequest, variant: str) -> str | None:
    """The client's tag for this variant (in whichever coding it has it), if it sent one."""
    for candidate in request.META.get("HTTP_IF_NONE_MATCH", "").split(","):
        tag = candidate.strip().removeprefix("W/")
        if tag.strip('"').split("-")[0] == variant:
            return tag
    return None


def _store(response: HttpResponse) -> StoredAnswer | None:
    if response.status_code != 200 or response.cookies or response.streaming:
        return None
    if response.has_header("Content-Encoding"):
        return None
    headers = [(name, value) for name, value in response.items() if name.lower() not in _PER_ANSWER_HEADERS]
    return StoredAnswer(status=200, headers=headers, body=response.content)


def _preferred(accepted: set[str]) -> str:
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else "identity"


def _cache_control(max_age: int | None, immutable: bool) -> str:
    if immutable:
        return "public, max-age=31536000, immutable"
    age = settings.PUBLIC_MAX_AGE_SECONDS if max_age is None else max_age
    return f"public, max-age={age}, must-revalidate"


def _answer(
    stored: StoredAnswer, encoding: str, variant: str, cache_control: str, hit: bool, vary: tuple[str, ...]
) -> HttpResponse:
    response = HttpResponse(stored.body, status=stored.status)
    for name, value in stored.headers:
        response[name] = value
    if encoding != "identity":
        # GZipMiddleware leaves an answer that already has a Content-Encoding alone.
        response["Content-Encoding"] = encoding
    response["ETag"] = _etag(variant, encoding)
    response["Cache-Control"] = cache_control
    response["X-Public-Cache"] = "hit" if hit else "miss"
    patch_vary_headers(response, vary)
    return response


def cached_public(
    *,
    query: Collection[str] = (),
    clock: Clock = None,
    max_age: int | None = None,
    immutable: bool = False,
    language: LanguageOf | None = None,
    negotiated: bool = False,
) -> Callable[[View], View]:
    """Cache a public view's answer per data version and language (see the module's text).

    query: the parameters that select a variant (anything else bypasses the cache).
    clock: "minute" when the answer shows open-now flags, "day" for "today" or staleness.
    immutable: only for URLs that carry the data version themselves.
    language: how the view picks its language, when not from the URL (the API).
    negotiated: the view picks its media type from the Accept header (DRF views).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def cached_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            variant = _variant(request, query, clock, language, negotiated)
            if variant is None:
                return view(request, *args, **kwargs)
            cache_control = _cache_control(max_age, immutable)
            vary = ("Accept-Encoding", "Accept") if negotiated else ("Accept-Encoding",)
            client_tag = _matching_tag(request, variant)
            if client_tag is not None:
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = client_tag
                not_modified["Cache-Control"] = cache_control
                patch_vary_headers(not_modified, vary)
                return not_modified
            store = caches[PUBLIC_CACHE]
            key = f"public:{variant}"
            encoding = _preferred(accepted_encodings(request))
            stored: StoredAnswer | None = store.get(f"{key}:{encoding}")
            rendered = False
            if stored is None:
                plain: StoredAnswer | None = store.get(f"{key}:identity") if encoding != "identity" else None
                if plain is None:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                        response.render()
                    plain, rendered = _store(response), True
                    if plain is None:
                        return response
                    store.set(f"{key}:identity", plain)
                if len(plain.body) < MIN_COMPRESSED_LENGTH:
                    encoding = "identity"
                stored = plain
                if encoding != "identity":
                    stored = StoredAnswer(plain.status, plain.headers, compress(plain.body, encoding))
                    store.set(f"{key}:{encoding}", stored)
            return _answer(stored, encoding, variant, cache_control, not rendered, vary)

        return cached_view

    return decorate
