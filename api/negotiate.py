"""HTTP content negotiation: pick a media type from an Accept header with q-values."""
from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``text/csv;q=0.5, */*;q=0.1`` -> [("text/csv", 0.5), ("*/*", 0.1)], best first, stable."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for index, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((index, media.lower(), q))
    ranges.sort(key=lambda r: (-r[2], r[0]))
    return [(media, q) for _, media, q in ranges]


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client rates highest (ties: server order); None if none is acceptable."""
    ranges = parse_accept(header)

    def quality(offer: str) -> float:
        for pattern in (offer, offer.split("/")[0] + "/*", "*/*"):  # most specific range wins
            for media, q in ranges:
                if media == pattern:
                    return q
        return 0.0

    q, _, offer = max((quality(o), -i, o) for i, o in enumerate(offered))
    return offer if q > 0 else None
