"""Byte offsets of UTF-8 text to character offsets, for findings in ``str`` input."""

from __future__ import annotations

__all__ = ["CharOffsets"]

_CONTINUATION = bytes(range(0x80, 0xC0))


class CharOffsets:
    """Maps increasing byte offsets of UTF-8 ``buf`` to character offsets in one pass.

    Findings come sorted and never overlap, so each call only counts the bytes
    since the previous one: mapping all of them costs one walk over the buffer.
    """

    __slots__ = ("_buf", "_byte", "_char")

    def __init__(self, buf: bytes) -> None:
        self._buf = buf
        self._byte = 0
        self._char = 0

    def __call__(self, offset: int) -> int:
        if offset < self._byte:  # not increasing: count from the start again
            self._byte = self._char = 0
        self._char += len(self._buf[self._byte : offset].translate(None, _CONTINUATION))
        self._byte = offset
        return self._char
