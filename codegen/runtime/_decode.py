"""An answer's Content-Encoding undone a bounded piece at a time, so that the size cap counts
what the answer inflates to before it is in memory: a few hundred bytes of stacked gzip can
inflate to gigabytes, all at once if httpx decodes them."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Final

# No decoding step hands on more than this at once.
PIECE: Final = 64 * 1024
_GZIP: Final = frozenset({"gzip", "x-gzip"})
_DEFLATE: Final = "deflate"
# What the client decodes: the only encodings it asks for (Accept-Encoding).
ACCEPTED: Final = "gzip, deflate"


class _Inflate:
    """One gzip or deflate layer."""

    def __init__(self, encoding: str) -> None:
        self.raw_fallback = encoding == _DEFLATE  # some servers send deflate without zlib's header
        bits = zlib.MAX_WBITS if encoding == _DEFLATE else zlib.MAX_WBITS | 16
        self.inflater = zlib.decompressobj(bits)

    def pieces(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self.inflater.decompress(data, PIECE)
            except zlib.error:
                if not self.raw_fallback:
                    raise
                self.raw_fallback = False
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self.raw_fallback = False
            data = self.inflater.unconsumed_tail
            if out:
                yield out
            if self.inflater.eof or (not data and len(out) < PIECE):
                return

    def rest(self) -> bytes:
        return b"" if self.inflater.eof else self.inflater.flush()


class Decoder:
    """Undoes the gzip and deflate layers named by Content-Encoding (the last named first);
    raises zlib.error on a body that does not inflate. Other encodings are left as they are
    (as httpx leaves those it has no decoder for): the cap then counts the bytes as sent."""

    def __init__(self, content_encodings: list[str]) -> None:
        named = [e.strip().lower() for value in content_encodings for e in value.split(",")]
        self.layers = [_Inflate(e) for e in reversed(named) if e in _GZIP or e == _DEFLATE]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def end(self) -> Iterator[bytes]:
        for i, layer in enumerate(self.layers):
            yield from self._through(i + 1, layer.rest())

    def _through(self, layer: int, data: bytes) -> Iterator[bytes]:
        if layer == len(self.layers):
            if data:
                yield data
            return
        for piece in self.layers[layer].pieces(data):
            yield from self._through(layer + 1, piece)
