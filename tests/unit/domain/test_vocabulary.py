"""One validator per fact: ids, body ids, classes and free text get the same answer on every path."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councils.application.governance import Governance
from councils.application.register_import import RegisterError, import_register
from councils.constitution.errors import ConstitutionError
from councils.constitution.loader import load_constitution, resolve_document
from councils.domain.commands import parse_command
from councils.domain.errors import InvalidCommand
from councils.domain.vocabulary import check_values, field_pattern
from tests.builders import World


@pytest.mark.parametrize(("field", "value"), [
    ("person", "has space"), ("person", "x" * 101), ("person", "a/b"), ("person", "..")])
def test_a_person_id_outside_the_grammar_is_refused_naming_the_field(field: str, value: str) -> None:
    with pytest.raises(InvalidCommand, match=f"register_person: field '{field}' must be an id"):
        parse_command({"cmd": "register_person", "person": value, "council": "r/c", "nationality": "n",
                       "class": "worker", "born": 1990})


@pytest.mark.parametrize("council", ["ukraine/x/../../georgia", "ukraine/x y", "/ukraine", "ukraine/"])
def test_a_body_id_has_one_slash_between_two_ids(council: str) -> None:
    with pytest.raises(InvalidCommand, match="field 'council' must be a body id"):
        parse_command({"cmd": "create_council", "council": council, "republic": "ukraine", "kind": "town"})


@pytest.mark.parametrize(("field", "value", "why"), [
    ("name", "a\x00b", "cannot be stored"), ("nationality", "\ud800", "cannot be stored"),
    ("nationality", "n" * 101, "at most 100")])
def test_free_text_is_bounded_and_storable(field: str, value: str, why: str) -> None:
    with pytest.raises(InvalidCommand, match=why):
        parse_command({"cmd": "register_person", "person": "p", "council": "r/c", "nationality": "n",
                       "class": "worker", "born": 1990, field: value})


def test_a_mistyped_class_is_refused_by_the_command_as_by_the_register(
        gov: Governance, tmp_path: Path) -> None:
    """Before: the command stored 'wroker' and silently disfranchised the person."""
    World(gov).republic("rep")
    with pytest.raises(InvalidCommand, match=r"class 'wroker' is not one.*did you mean 'worker'"):
        gov.handle({"cmd": "register_person", "person": "p", "council": "rep/town", "nationality": "n",
                    "class": "wroker", "born": 1990})
    register = tmp_path / "r.csv"
    register.write_text("person,council,nationality,class,born\np,rep/town,n,wroker,1990\n"
                        "bad id,rep/town,n,worker,1990\n", encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        import_register(gov, register)
    problems = dict(info.value.problems)
    assert "class 'wroker' is not one" in problems[2] and "did you mean 'worker'" in problems[2]
    assert "person id 'bad id' is not an id" in problems[3]


def test_unknown_fields_are_refused_with_their_name() -> None:
    with pytest.raises(InvalidCommand, match="unknown field 'colour'"):
        parse_command({"cmd": "close_question", "question": "q", "colour": "red"})


def test_r3_a_notice_period_of_decades_is_refused_when_the_constitution_is_loaded() -> None:
    doc = dict(resolve_document("coop-federation"))
    doc["secession"] = {"notice_days": 36500}
    with pytest.raises(ConstitutionError, match=r"secession\.notice_days.*R3.*at most 365"):
        load_constitution(doc, "doc")


_FIELDS = ["person", "council", "name", "nationality", "text", "competence", "reason"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_FIELDS),
       st.one_of(st.text(max_size=30), st.text(alphabet="ab-_/.\x00\ud800", max_size=12),
                 st.text(min_size=95, max_size=2100, alphabet="ab\x01\n")))
def test_the_parsers_one_match_per_field_agrees_with_the_validator(field: str, value: str) -> None:
    """`field_pattern` (what the command parser matches) accepts exactly what `check_values` does."""
    try:
        check_values("c", {field: value})
        accepted = True
    except InvalidCommand:
        accepted = False
    assert (field_pattern(field).fullmatch(value) is not None) is accepted
