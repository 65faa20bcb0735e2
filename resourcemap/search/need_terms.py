"""The needs vocabulary as the search sees it: which needs a typed term names, and which sites
meet them. The vocabulary lives in resourcemap.needs, which sits above the directory (needs
point at categories) and so above search; search cannot import it without a cycle. The needs
app hands its matcher over explicitly when Django starts (NeedsConfig.ready calls
`use_vocabulary`): registration only, no query runs then.

Without a registered vocabulary (a project without the needs app) no term names a need.
"""

from __future__ import annotations

from typing import Protocol

from django.db.models import Q


class NeedVocabulary(Protocol):
    def need_codes_for_term(self, term: str) -> set[str]: ...

    def sites_meeting(self, codes: set[str]) -> Q: ...


_vocabulary: list[NeedVocabulary] = []


def use_vocabulary(vocabulary: NeedVocabulary) -> None:
    _vocabulary[:] = [vocabulary]


def need_codes_for_term(term: str) -> set[str]:
    """Codes of the needs a normalised search term names (心理, 孤独症, xinli)."""
    return _vocabulary[0].need_codes_for_term(term) if _vocabulary else set()


def sites_meeting(codes: set[str]) -> Q:
    """Sites of a category (or sub-category) that meets any of these needs."""
    return _vocabulary[0].sites_meeting(codes) if _vocabulary else Q(pk__in=[])
