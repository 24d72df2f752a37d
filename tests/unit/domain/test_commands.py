"""The command language is parsed strictly: every malformed command says what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from councils.domain.commands import CastBallot, RegisterPerson, command_to_json, parse_command
from councils.domain.errors import InvalidCommand

PERSON = {"cmd": "register_person", "person": "p", "council": "r/c", "nationality": "n",
          "class": "worker", "born": 1990}


def test_register_person_parses_class_and_name() -> None:
    c = parse_command({**PERSON, "name": "Olena"})
    assert isinstance(c, RegisterPerson) and c.social_class == "worker" and c.full_name == "Olena"
    assert parse_command(command_to_json(c)) == c


def test_choice_is_a_ranking_of_one() -> None:
    c = parse_command({"cmd": "cast_ballot", "question": "q", "voter": "v", "choice": "yes"})
    assert isinstance(c, CastBallot) and c.preferences == ("yes",)


@pytest.mark.parametrize(("raw", "message"), [
    ([1, 2], "must be a JSON object"),
    ({"person": "p"}, "missing field 'cmd'"),
    ({"cmd": "regster_person"}, "did you mean 'register_person'"),
    ({**PERSON, "clas": "worker"}, "unknown field 'clas' (did you mean 'class'?)"),
    ({k: v for k, v in PERSON.items() if k != "born"}, "missing field 'born'"),
    ({**PERSON, "born": "1990"}, "'born' must be an integer"),
    ({**PERSON, "born": True}, "'born' must be an integer"),
    ({**PERSON, "person": ""}, "'person' must not be empty"),
    ({**PERSON, "person": 7}, "'person' must be a string"),
    ({"cmd": "create_council", "council": "c", "republic": "r", "kind": "city"}, "must be one of"),
    ({"cmd": "cast_ballot", "question": "q", "voter": "v"}, "exactly one of"),
    ({"cmd": "cast_ballot", "question": "q", "voter": "v", "choice": "a", "ranking": ["a"]},
     "exactly one of"),
    ({"cmd": "cast_ballot", "question": "q", "voter": "v", "ranking": ["a", "a"]}, "appears twice"),
    ({"cmd": "cast_ballot", "question": "q", "voter": "v", "ranking": "a"}, "list of strings"),
])
def test_malformed_commands_are_refused_with_a_reason(raw: Any, message: str) -> None:
    with pytest.raises(InvalidCommand) as info:
        parse_command(raw)
    assert message in str(info.value)
    assert str(info.value).startswith("invalid command: ")
