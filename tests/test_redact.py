"""Masking and redaction: PCI DSS display rules, SAD removed whole, nothing left to find."""

from __future__ import annotations

import os
import stat
from codecs import BOM_UTF16_LE
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pansafe
from pansafe import ConfigError, Kind, mask_pan, masking

TICKET = (
    "Tere! Kaardi number 4111 1111 1111 1111, kehtiv kuni 12/27, turvakood 123, "
    "PIN-kood 4821. Rada: ;5555555555554444=28122011234567890? Aitäh!"
)


@pytest.mark.parametrize(
    ("pan", "masked"),
    [
        ("4111111111111111", "411111******1111"),
        ("4111 1111 1111 1111", "4111 11** **** 1111"),
        ("4111-1111-1111-1111", "4111-11**-****-1111"),
        ("3782 822463 10005", "3782 8***** *0005"),  # 15 digits: 5 + 4 shown
        ("6759649826438453210", "675964*********3210"),
        ("675964982643", "67******2643"),  # 12-digit Maestro: 6 digits always hidden
    ],
)
def test_mask_pan(pan: str, masked: str) -> None:
    assert mask_pan(pan) == masked
    assert len(mask_pan(pan)) == len(pan)


def test_mask_pan_bin8_only_for_long_pans() -> None:
    assert mask_pan("4111111111111111", bin_digits=8) == "41111111****1111"
    assert mask_pan("378282246310005", bin_digits=8) == "37828******0005"
    with pytest.raises(ValueError):
        mask_pan("4111111111111111", bin_digits=7)


def test_mask_style_keeps_shape_and_removes_sad(backend: str) -> None:
    out = pansafe.redact(TICKET)
    assert len(out) == len(TICKET)
    assert "4111 11** **** 1111" in out
    assert "turvakood ***," in out
    assert "PIN-kood ****." in out
    assert ";****************=*****************?" in out  # track removed whole
    assert "12/27" in out  # expiry may be kept


def test_redact_style_uses_placeholders(backend: str) -> None:
    out = pansafe.redact(TICKET, "redact")
    assert out == (
        "Tere! Kaardi number [PAN], kehtiv kuni 12/27, turvakood [CVV], "
        "PIN-kood [PIN]. Rada: [TRACK2] Aitäh!"
    )
    assert "[EXPIRY]" in pansafe.redact(TICKET, "redact", remove_expiry=True)


def test_hash_style_needs_a_key_and_is_keyed(backend: str) -> None:
    with pytest.raises(ConfigError, match="key"):
        pansafe.redact(TICKET, "hash")
    a = pansafe.redact("card 4111 1111 1111 1111", "hash", key=b"k1")
    b = pansafe.redact("card 4111111111111111", "hash", key=b"k1")
    c = pansafe.redact("card 4111111111111111", "hash", key=b"k2")
    assert a == b  # grouping does not change the token
    assert a != c
    assert a.startswith("card [PAN:") and "4111" not in a
    # SAD is never tokenised, only removed.
    assert "[CVV]" in pansafe.redact("CVV2: 123", "hash", key="k")


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ConfigError):
        pansafe.redact("x", "blur")  # type: ignore[arg-type]


def test_bytes_in_bytes_out(backend: str) -> None:
    data = "kaart 4111\u00a01111\u00a01111\u00a01111 turvakood 123".encode()
    out = pansafe.redact(data)
    assert isinstance(out, bytes)
    assert out == "kaart 4111\u00a011**\u00a0****\u00a01111 turvakood ***".encode()


def test_redact_with_given_findings_does_not_rescan(backend: str) -> None:
    text = "card 4111111111111111 and 5555555555554444"
    first_only = pansafe.scan(text)[:1]
    assert pansafe.redact(text, "redact", findings=first_only) == "card [PAN] and 5555555555554444"


noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@given(before=noise, after=noise, style=st.sampled_from(["mask", "redact", "hash"]))
def test_nothing_survives_redaction(before: str, after: str, style: str) -> None:
    text = before + " " + TICKET + " " + after
    out = pansafe.redact(text, style, key=b"secret", remove_expiry=True)  # type: ignore[arg-type]
    assert pansafe.scan(out) == []
    # Idempotent: a second pass changes nothing.
    assert pansafe.redact(out, style, key=b"secret", remove_expiry=True) == out  # type: ignore[arg-type]


@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs"], max_codepoint=0x7FF)))
def test_text_without_card_data_comes_back_unchanged(text: str) -> None:
    if not pansafe.scan(text):
        assert pansafe.redact(text) == text
        assert pansafe.redact(text, "redact") == text


@given(before=noise, after=noise)
def test_masking_preserves_length(before: str, after: str) -> None:
    text = before + " " + TICKET + " " + after
    assert len(pansafe.redact(text)) == len(text)


# --- streams and files ---------------------------------------------------------


def test_redact_file_in_place_keeps_encoding_and_permissions(backend: str, tmp_path: Path) -> None:
    path = tmp_path / "ticket.txt"
    path.write_bytes(BOM_UTF16_LE + (TICKET + "\n").encode("utf-16-le"))
    os.chmod(path, 0o640)
    findings = pansafe.redact_file(path, "redact")
    assert {f.kind for f in findings} >= {Kind.PAN, Kind.CVV, Kind.PIN, Kind.TRACK2}
    data = path.read_bytes()
    assert data.startswith(BOM_UTF16_LE)
    text = data[2:].decode("utf-16-le")
    assert "[PAN]" in text and "4111" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["ticket.txt"]


def test_redact_file_without_findings_leaves_it_untouched(backend: str, tmp_path: Path) -> None:
    path = tmp_path / "clean.log"
    path.write_bytes(b"nothing here 123\n")
    before = path.stat()
    assert pansafe.redact_file(path) == []
    after = path.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert [p.name for p in tmp_path.iterdir()] == ["clean.log"]


def test_redact_file_crash_leaves_original_intact(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "app.log"
    original = (TICKET + "\n").encode() * 100
    path.write_bytes(original)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(pansafe.InputError, match="No space left"):
        pansafe.redact_file(path)
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["app.log"]


def test_redact_file_keeps_undecodable_bytes(backend: str, tmp_path: Path) -> None:
    path = tmp_path / "mixed.log"
    raw = b"ok \xff\xfe\x80 bad utf-8 then card 4111111111111111 \xc3\x28 end\n"
    path.write_bytes(raw)
    pansafe.redact_file(path, "redact")
    assert path.read_bytes() == raw.replace(b"4111111111111111", b"[PAN]")


def test_redact_file_refuses_malformed_utf16(backend: str, tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    raw = b"\xff\xfe" + "card 4111111111111111".encode("utf-16-le") + b"\x00"  # odd length
    path.write_bytes(raw)
    with pytest.raises(pansafe.InputError, match=r"UTF-16|utf-16"):
        pansafe.redact_file(path)
    assert path.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir()] == ["odd.txt"]


def test_redact_stream_across_windows(backend: str) -> None:
    import io

    text = ("x" * 997 + " card 4111 1111 1111 1111 cvv 123\n") * 30
    src = io.BytesIO(text.encode())
    dst = io.BytesIO()
    findings = pansafe.redact_stream(src, dst, "redact", window=1100)
    assert len(findings) == 60
    assert dst.getvalue().decode() == pansafe.redact(text, "redact")


# --------------------------------------------------------------------------- masking helpers


def _mask_pan_by_definition(pan: str, bin_digits: int) -> str:
    """Character by character: keep the first digits and the last four, star the rest."""
    if "%20" in pan:
        groups = pan.split("%20")
        masked = _mask_pan_by_definition(" ".join(groups), bin_digits).split(" ")
        if len(masked) == len(groups):
            return "%20".join(masked)
    n = sum("0" <= ch <= "9" for ch in pan)
    lead = bin_digits if n >= 16 else max(0, min(6, n - 10))
    out, seen = [], 0
    for ch in pan:
        if "0" <= ch <= "9":
            out.append(ch if seen < lead or seen >= n - 4 else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


@given(
    st.text(st.sampled_from("0123456789 -.%2+\u00a0x²٣é*"), max_size=30),
    st.sampled_from([6, 8]),
)
def test_masking_helpers_match_their_definitions(text: str, bin_digits: int) -> None:
    assert mask_pan(text, bin_digits=bin_digits) == _mask_pan_by_definition(text, bin_digits)
    assert masking.star(text) == "".join(
        "*" if ch.isascii() and ch.isalnum() else ch for ch in text
    )
    assert masking.pan_digits(text) == "".join(
        ch for ch in text.replace("%20", " ") if "0" <= ch <= "9"
    )
