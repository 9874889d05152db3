"""``new_finding``, the scanner's fast constructor, makes what ``Finding(...)`` makes."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pansafe.findings import Finding, Kind, new_finding

values = st.tuples(
    st.sampled_from(list(Kind)),
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    st.text(max_size=20),
    st.none() | st.sampled_from(["visa", "mastercard", "mir"]),
    st.booleans(),
    st.floats(0, 1),
    st.none() | st.integers(1, 10**6),
    st.none() | st.integers(1, 10**6),
)


@given(values)
def test_new_finding_is_finding(args: tuple[object, ...]) -> None:
    made = new_finding(*args)  # type: ignore[arg-type]
    expected = Finding(*args)  # type: ignore[arg-type]
    assert type(made) is Finding
    assert made == expected and hash(made) == hash(expected)
    assert repr(made) == repr(expected)
    assert dataclasses.astuple(made) == dataclasses.astuple(expected)
    assert pickle.loads(pickle.dumps(made)) == expected


def test_new_finding_defaults_and_frozen() -> None:
    made = new_finding(Kind.CVV, 3, 6, "***")
    assert made == Finding(Kind.CVV, 3, 6, "***")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 4  # type: ignore[misc]
