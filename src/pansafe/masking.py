"""How card data may be shown: PCI DSS display masking.

PCI DSS allows at most the BIN (first six digits, or first eight for PANs of 16
or more digits) and the last four to be shown. For short PANs (12-15 digits)
six plus four would leave almost nothing hidden, so fewer leading digits are
shown there: at least six digits are always hidden. Separators are kept, so the
masked text has the same length and layout as the original.
"""

from __future__ import annotations

__all__ = ["MASK_CHAR", "mask_pan", "mask_track", "pan_digits", "star"]

MASK_CHAR = "*"


def _visible_lead(n_digits: int, bin_digits: int) -> int:
    if n_digits >= 16:
        return bin_digits
    return max(0, min(6, n_digits - 10))


_DIGITS = "0123456789"


class _KeepDigits(dict[int, int | None]):
    """A ``str.translate`` table that keeps ASCII digits and drops everything else."""

    def __missing__(self, key: int) -> int | None:
        value = key if 0x30 <= key <= 0x39 else None
        self[key] = value
        return value


_KEEP_DIGITS = _KeepDigits()
_STAR_DIGITS = str.maketrans(_DIGITS, MASK_CHAR * 10)
_ASCII_ALNUM = _DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_STAR_ALNUM = str.maketrans(_ASCII_ALNUM, MASK_CHAR * len(_ASCII_ALNUM))


def pan_digits(pan: str) -> str:
    """The digits of a PAN written with any separators (``%20`` holds digits itself)."""
    return pan.replace("%20", " ").translate(_KEEP_DIGITS)


def mask_pan(pan: str, *, bin_digits: int = 6) -> str:
    """Mask a PAN for display, keeping separators and length.

    Args:
        pan: the card number, digits with any separators.
        bin_digits: leading digits to keep on PANs of 16 digits or more: 6 or 8.

    Returns:
        e.g. ``"4111 11** **** 1111"`` for ``"4111 1111 1111 1111"``.

    Raises:
        ValueError: ``bin_digits`` is not 6 or 8.
        TypeError: ``pan`` is not a ``str``.

    .. versionadded:: 0.1
    """
    if bin_digits not in (6, 8):
        raise ValueError("bin_digits must be 6 or 8")
    if not isinstance(pan, str):
        raise TypeError(f"mask_pan() expects str, got {type(pan).__name__}")
    if "%20" in pan:  # URL-encoded separators: mask the groups, keep "%20" whole
        groups = pan.split("%20")
        masked = mask_pan(" ".join(groups), bin_digits=bin_digits).split(" ")
        if len(masked) == len(groups):
            return "%20".join(masked)
    if pan.isascii() and pan.isdigit():  # contiguous: the common case, no search
        n = len(pan)
        lead = _visible_lead(n, bin_digits)
        if n - 4 <= lead:
            return pan
        return pan[:lead] + MASK_CHAR * (n - 4 - lead) + pan[n - 4 :]
    at = [i for i, ch in enumerate(pan) if "0" <= ch <= "9"]
    lead = _visible_lead(len(at), bin_digits)
    if len(at) - 4 <= lead:
        return pan
    a, b = at[lead], at[len(at) - 4]
    return pan[:a] + pan[a:b].translate(_STAR_DIGITS) + pan[b:]


def star(value: str) -> str:
    """Hide every letter and digit of sensitive authentication data."""
    return value.translate(_STAR_ALNUM)


def mask_track(track: str, pan_start: int, pan_end: int) -> str:
    """Display form of track data: the embedded PAN masked, all else starred."""
    return star(track[:pan_start]) + mask_pan(track[pan_start:pan_end]) + star(track[pan_end:])
