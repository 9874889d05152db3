"""A slow, obviously-correct reference for the backend contract.

``oracle_candidates(buf)`` returns what ``find_candidates(buf)`` must return:
``(kind, start, end)`` tuples (1 = PAN, 2 = TRACK1, 3 = TRACK2), sorted by
``(start, end, kind)``, without duplicates.

It is written from ``docs/detection.md`` alone (sections "PAN candidates", tag 5A
and "Track data") and shares no code with ``src/pansafe``: every rule is a plain
loop over bytes, in the order and words of the spec, with no cleverness. It is
meant to be read next to the spec, not to be fast.

Where the spec leaves a detail open, the reading chosen here is written down in
the function that implements it (search for "Reading:"). Points where this
literal reading and the fallback disagreed when it was written (each pinned by a
``disagree-*`` case in ``test_equivalence.py``; change the spec and this file
together):

* nothing is checked after a grouped PAN's short tail (``right_edge_ok``);
* track 1 discretionary data is required, its name may hold NUL, and its
  discretionary data runs to its last digit however far (``track1``);
* tag 5A allows no separator between length and value (``tag_5a``);
* tag 57 values have no length cap, tagged or bare (``emv57``);
* every occurrence of a track is reported, also when another, rejected or
  accepted, overlaps it (``track1``, ``track2``).

The spec was then settled on each of these (the code's readings, except that
every occurrence of a track is reported) and this file follows it; and a ``%20``
before a group is a separator even with no group before it.
"""

from __future__ import annotations

__all__ = ["PAN", "TRACK1", "TRACK2", "luhn_ok", "oracle_candidates", "pan_chains"]

PAN = 1
TRACK1 = 2
TRACK2 = 3

DIGITS = frozenset(b"0123456789")
LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
#: "A word byte is an ASCII letter, digit or `_`."
WORD = DIGITS | LETTERS | frozenset(b"_")
HEX = DIGITS | frozenset(b"ABCDEFabcdef")

#: Separator spellings and their type, from the table in "PAN candidates".
SEPARATORS: dict[bytes, str] = {
    b" ": "space",
    b"\xc2\xa0": "no-break space",  # U+00A0 in UTF-8
    b"\xa0": "no-break space",  # a lone A0 byte (Latin-1 / cp1252)
    b"\xe2\x80\xaf": "no-break space",  # U+202F
    b"\xe2\x80\x89": "no-break space",  # U+2009
    b"%20": "URL space",
    b"+": "form space",
    b"-": "dash",
    b".": "dot",
}
#: "The first four types are space-like."
SPACE_LIKE = frozenset({"space", "no-break space", "URL space", "form space"})


def luhn_ok(digits: bytes) -> bool:
    """The Luhn check: double every second digit from the right, sum the digits."""
    total = 0
    position_from_right = 0
    for index in range(len(digits) - 1, -1, -1):
        value = digits[index] - ord("0")
        if position_from_right % 2 == 1:
            value = value * 2
            if value >= 10:
                value = value - 10 + 1
        total = total + value
        position_from_right = position_from_right + 1
    return total % 10 == 0


def is_digit(buf: bytes, pos: int) -> bool:
    return 0 <= pos < len(buf) and buf[pos] in DIGITS


def is_word(buf: bytes, pos: int) -> bool:
    return 0 <= pos < len(buf) and buf[pos] in WORD


def all_digits(data: bytes) -> bool:
    return len(data) > 0 and all(c in DIGITS for c in data)


# --------------------------------------------------------------------------- PANs


def digit_groups(buf: bytes) -> list[tuple[int, int]]:
    """Every *group* (maximal run of ASCII digits) as ``(start, end)``.

    Reading: ``%20`` is listed as a separator although its ``2`` and ``0`` are
    digits. The spec: "a ``%20`` right before a group is a separator even with no
    group before it", so the ``20`` of a ``%20`` followed by a digit belongs to no
    group; anywhere else its ``20`` are ordinary digits.
    """
    groups = []
    pos = 0
    while pos < len(buf):
        if buf[pos : pos + 3] == b"%20" and is_digit(buf, pos + 3):
            pos = pos + 3
            continue
        if not is_digit(buf, pos):
            pos = pos + 1
            continue
        end = pos
        while is_digit(buf, end):
            end = end + 1
        groups.append((pos, end))
        url_space = buf[end : end + 3] == b"%20" and is_digit(buf, end + 3)
        pos = end + 3 if url_space else end
    return groups


def pan_chains(buf: bytes) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """Every *chain*: its groups and the separator type of each link between them."""
    chains: list[tuple[list[tuple[int, int]], list[str]]] = []
    groups: list[tuple[int, int]] = []
    links: list[str] = []
    for group in digit_groups(buf):
        if groups:
            between = buf[groups[-1][1] : group[0]]
            if between in SEPARATORS:  # "exactly one separator stands between them"
                links.append(SEPARATORS[between])
                groups.append(group)
                continue
            chains.append((groups, links))
        groups = [group]
        links = []
    if groups:
        chains.append((groups, links))
    return chains


def shape_ok(sizes: list[int], links: list[str]) -> bool:
    """Rule 1: one group of 12-19 digits, or ``4-4-...-4-x`` (x in 1..4) or
    ``4-6-4`` / ``4-6-5`` joined by one separator type; 12-19 digits in total."""
    total = sum(sizes)
    if total < 12 or total > 19:
        return False
    if len(sizes) == 1:
        return True
    first_type = links[0]
    for link in links:
        if link != first_type:
            return False
    if sizes in ([4, 6, 4], [4, 6, 5]):
        return True
    for size in sizes[:-1]:
        if size != 4:
            return False
    last = sizes[-1]
    return 1 <= last <= 4


def left_edge_ok(
    buf: bytes,
    groups: list[tuple[int, int]],
    links: list[str],
    i: int,
    grouped: bool,
    own_type: str | None,
) -> bool:
    """Rule 3."""
    if i == 0:
        before = groups[0][0] - 1
        if before < 0:
            return True
        if buf[before - 2 : before + 1] == b"%20":  # "for the edge rules ... a space"
            return True
        byte = buf[before]
        if byte in WORD or byte == ord("+"):
            return False
        return not (byte in (ord("-"), ord(".")) and is_word(buf, before - 1))
    link_before = links[i - 1]
    if not grouped:
        return link_before in SPACE_LIKE
    return link_before != own_type


def right_edge_ok(
    buf: bytes,
    groups: list[tuple[int, int]],
    links: list[str],
    j: int,
    grouped: bool,
    own_type: str | None,
) -> bool:
    """Rule 4.

    The spec: when a short tail ends the chain, the byte after it obeys the
    chain-end rule.
    """
    last = len(groups) - 1
    if j == last:
        return chain_end_ok(buf, groups[j][1])
    link_after = links[j]
    if not grouped:
        return link_after in SPACE_LIKE
    if link_after != own_type:
        return True
    # The same separator continues: only into a short tail that ends the run.
    tail_sizes = []
    k = j + 1
    while True:
        tail_sizes.append(groups[k][1] - groups[k][0])
        if k == last or links[k] != own_type:
            break
        k = k + 1
    if len(tail_sizes) > 3 or not all(size <= 3 for size in tail_sizes):
        return False
    return k != last or chain_end_ok(buf, groups[k][1])


def chain_end_ok(buf: bytes, after: int) -> bool:
    """Rule 4 at the end of a chain: the byte ``after`` it is not a word byte, and
    not ``-`` or ``.`` followed by a word byte."""
    if after >= len(buf):
        return True
    byte = buf[after]
    if byte in WORD:
        return False
    return not (byte in (ord("-"), ord(".")) and is_word(buf, after + 1))


def span_ok(buf: bytes, groups: list[tuple[int, int]], links: list[str], i: int, j: int) -> bool:
    """Rules 1-4 for the span of groups ``i..j`` of one chain."""
    sizes = [end - start for start, end in groups[i : j + 1]]
    span_links = links[i:j]
    if not shape_ok(sizes, span_links):
        return False
    digits = b"".join(buf[start:end] for start, end in groups[i : j + 1])
    if not luhn_ok(digits):
        return False
    grouped = i < j
    own_type = span_links[0] if grouped else None
    return left_edge_ok(buf, groups, links, i, grouped, own_type) and right_edge_ok(
        buf, groups, links, j, grouped, own_type
    )


def pan_candidates(buf: bytes) -> list[tuple[int, int, int]]:
    """Rule 5 over every chain of 12 or more digits."""
    found = []
    for groups, links in pan_chains(buf):
        if sum(end - start for start, end in groups) < 12:
            continue
        i = 0
        while i < len(groups):
            longest = None
            for j in range(i, len(groups)):
                if span_ok(buf, groups, links, i, j):
                    longest = j
            if longest is None:
                i = i + 1
            else:
                found.append((PAN, groups[i][0], groups[longest][1]))
                i = longest + 1
    return found


def tag_5a(buf: bytes) -> list[tuple[int, int, int]]:
    """EMV tag 5A: ``5A``, optional space or colon, length ``06``-``0A``, then
    exactly that many bytes of BCD digits (one trailing ``F`` pad); 12-19 digits.

    Reading: hex is case-insensitive (``5a``, ``0a``, ``f`` are the same bytes
    in a lower-case hex dump). The spec allows a space or colon after the length.
    """
    found = []
    for tag in range(len(buf) - 1):
        if buf[tag : tag + 2].upper() != b"5A":
            continue
        pos = tag + 2
        if buf[pos : pos + 1] in (b" ", b":"):
            pos = pos + 1
        length_hex = buf[pos : pos + 2].upper()
        if length_hex not in (b"06", b"07", b"08", b"09", b"0A"):
            continue
        pos = pos + 2
        if buf[pos : pos + 1] in (b" ", b":"):
            pos = pos + 1
        size = 2 * int(length_hex, 16)
        value = buf[pos : pos + size]
        if len(value) != size:
            continue
        digits = value
        if value[-1:] in (b"F", b"f"):
            digits = value[:-1]
        if not all_digits(digits) or not 12 <= len(digits) <= 19 or not luhn_ok(digits):
            continue
        found.append((PAN, pos, pos + len(digits)))
    return found


# --------------------------------------------------------------------------- tracks


def digit_run_end(buf: bytes, pos: int) -> int:
    end = pos
    while is_digit(buf, end):
        end = end + 1
    return end


def track1(buf: bytes) -> list[tuple[int, int, int]]:
    """Track 1: ``[%]B PAN ^ name ^ YYMM|^ service|^ discretionary [?]``, <= 79.

    Reading: "characters" are bytes (the rules apply to UTF-8 bytes); a line
    break is CR or LF; the track takes all of the discretionary data (the
    longest run of digits and spaces, up to its last digit) and the ``%`` and
    ``?`` when present, and is rejected, not shortened, when that is too long.
    """
    found = []
    for b_pos in range(len(buf)):
        if buf[b_pos] != ord("B"):
            continue
        if b_pos > 0 and buf[b_pos - 1] == ord("%"):
            start = b_pos - 1
        elif is_word(buf, b_pos - 1):
            continue
        else:
            start = b_pos
        pan_start = b_pos + 1
        pan_end = digit_run_end(buf, pan_start)
        if not 12 <= pan_end - pan_start <= 19 or buf[pan_end : pan_end + 1] != b"^":
            continue
        name_start = pan_end + 1
        name_end = name_start
        while name_end < len(buf) and buf[name_end] not in b"^\r\n\x00":
            name_end = name_end + 1
        if buf[name_end : name_end + 1] != b"^" or not 2 <= name_end - name_start <= 26:
            continue
        pos = name_end + 1
        if buf[pos : pos + 1] == b"^":
            pos = pos + 1
        elif len(buf[pos : pos + 4]) == 4 and all_digits(buf[pos : pos + 4]):
            pos = pos + 4
        else:
            continue
        if buf[pos : pos + 1] == b"^":
            pos = pos + 1
        elif len(buf[pos : pos + 3]) == 3 and all_digits(buf[pos : pos + 3]):
            pos = pos + 3
        else:
            continue
        # "the longest run of digits and spaces of at most 60 bytes that ends in a digit"
        end = pos
        limit = pos + 60
        while pos < len(buf) and pos < limit and buf[pos] in b"0123456789 ":
            if buf[pos] != ord(" "):
                end = pos + 1
            pos = pos + 1
        if buf[end : end + 1] == b"?":
            end = end + 1
        if end - start > 79 or not luhn_ok(buf[pan_start:pan_end]):
            continue
        found.append((TRACK1, start, end))
    return found


def track2(buf: bytes) -> list[tuple[int, int, int]]:
    """Track 2: ``[;] PAN = 7 digits, up to 30 more [?]``, at most 40 bytes."""
    found = []
    for pan_start in range(len(buf)):
        if not is_digit(buf, pan_start) or is_digit(buf, pan_start - 1):
            continue
        if pan_start > 0 and buf[pan_start - 1] == ord(";"):
            start = pan_start - 1
        elif is_word(buf, pan_start - 1):
            continue
        else:
            start = pan_start
        pan_end = digit_run_end(buf, pan_start)
        if not 12 <= pan_end - pan_start <= 19 or buf[pan_end : pan_end + 1] != b"=":
            continue
        after = digit_run_end(buf, pan_end + 1) - (pan_end + 1)
        if after < 7:
            continue
        end = pan_end + 1 + min(after, 7 + 30)
        if buf[end : end + 1] == b"?":
            end = end + 1
        if end - start > 40 or not luhn_ok(buf[pan_start:pan_end]):
            continue
        found.append((TRACK2, start, end))
    return found


def emv57_value_ok(value: bytes) -> bool:
    """A tag-57 value: PAN (12-19 digits, Luhn), ``D``, 7 digits, more digits, ``F``?"""
    pan_end = digit_run_end(value, 0)
    if not 12 <= pan_end <= 19 or value[pan_end : pan_end + 1] not in (b"D", b"d"):
        return False
    rest = value[pan_end + 1 :]
    if rest[-1:] in (b"F", b"f"):
        rest = rest[:-1]
    return len(rest) >= 7 and all_digits(rest) and luhn_ok(value[:pan_end])


def emv57(buf: bytes) -> list[tuple[int, int, int]]:
    """EMV tag 57 (track 2 equivalent data), tagged or standing alone.

    Reading: hex is case-insensitive (``d``, ``f``, length ``1a``); the tag,
    length and value may be separated by one space or colon, as for 5A; the span
    is the value (with its ``F`` pad), not the tag and length.
    """
    found = []
    for tag in range(len(buf) - 1):
        if buf[tag : tag + 2] != b"57":
            continue
        pos = tag + 2
        if buf[pos : pos + 1] in (b" ", b":"):
            pos = pos + 1
        length_hex = buf[pos : pos + 2]
        if len(length_hex) != 2 or length_hex[0] not in HEX or length_hex[1] not in HEX:
            continue
        pos = pos + 2
        if buf[pos : pos + 1] in (b" ", b":"):
            pos = pos + 1
        size = 2 * int(length_hex, 16)
        value = buf[pos : pos + size]
        if size <= 2 * 0x13 and len(value) == size and emv57_value_ok(value):
            found.append((TRACK2, pos, pos + size))
    # Without the tag: the value stands alone.
    for start in range(len(buf)):
        if not is_digit(buf, start) or is_word(buf, start - 1):
            continue
        pan_end = digit_run_end(buf, start)
        if buf[pan_end : pan_end + 1] not in (b"D", b"d"):
            continue
        end = digit_run_end(buf, pan_end + 1)
        if end - (pan_end + 1) > 7 + 30:  # "at most 30 digits after the 7"
            continue
        if buf[end : end + 1] in (b"F", b"f"):
            end = end + 1
        if is_word(buf, end):
            continue
        if emv57_value_ok(buf[start:end]):
            found.append((TRACK2, start, end))
    return found


def oracle_candidates(buf: bytes) -> list[tuple[int, int, int]]:
    """Everything the backend must report for ``buf``, in contract order."""
    found = pan_candidates(buf) + tag_5a(buf) + track1(buf) + track2(buf) + emv57(buf)
    return sorted(set(found), key=lambda c: (c[1], c[2], c[0]))
