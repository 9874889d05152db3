"""What a scan looks for: one immutable object, built once per Scanner or CLI run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pansafe.errors import ConfigError
from pansafe.findings import Kind
from pansafe.languages import LANGUAGES

__all__ = ["ScanConfig", "TestCardPolicy"]

TestCardPolicy = Literal["label", "ignore"]


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """Validated scan options; see :class:`pansafe.Scanner` for their meaning."""

    kinds: frozenset[Kind] = frozenset(Kind)
    brands: frozenset[str] | None = None
    languages: tuple[str, ...] = tuple(LANGUAGES)
    # Card numbers: kept out of repr() so a logged config never shows them.
    allow: frozenset[str] = field(default=frozenset(), repr=False)
    test_cards: TestCardPolicy = "label"

    @classmethod
    def build(
        cls,
        *,
        kinds: Iterable[str | Kind] | None = None,
        brands: Iterable[str] | None = None,
        languages: Iterable[str] | None = None,
        allow: Iterable[str] = (),
        test_cards: str = "label",
    ) -> ScanConfig:
        """Check and normalise user options; raise :class:`ConfigError` on bad ones."""
        from pansafe.iin import BRANDS

        if isinstance(kinds, str) or isinstance(brands, str) or isinstance(languages, str):
            raise ConfigError("kinds, brands and languages take a list of names, not one string")
        kind_set = frozenset(Kind) if kinds is None else frozenset(_kind(k) for k in kinds)
        brand_set = None
        if brands is not None:
            brand_set = frozenset(b.lower() for b in brands)
            unknown = sorted(brand_set - set(BRANDS))
            if unknown:
                raise ConfigError(
                    f"unknown brand(s): {', '.join(unknown)}; known: {', '.join(BRANDS)}"
                )
        langs = tuple(LANGUAGES) if languages is None else tuple(dict.fromkeys(languages))
        unknown_langs = [code for code in langs if code not in LANGUAGES]
        if unknown_langs:
            raise ConfigError(
                f"unknown language(s): {', '.join(unknown_langs)}; known: {', '.join(LANGUAGES)}"
            )
        if test_cards not in ("label", "ignore"):
            raise ConfigError("test_cards must be 'label' or 'ignore'")
        if isinstance(allow, str):
            raise ConfigError("allow takes a list of card numbers, not one string")
        allow_set = frozenset("".join(ch for ch in a if ch.isdigit()) for a in allow)
        return cls(kind_set, brand_set, langs, allow_set, test_cards)  # type: ignore[arg-type]


def _kind(value: str | Kind) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise ConfigError(f"unknown kind {value!r}; known: {known}") from None
