"""Three real elections (Ireland 2002): first counts and winners against the official results.

The official count used Irish statutory STV (random sampling of the last parcel for
surpluses), so only the first count must match exactly; on these data Gregory and Meek
must also elect the officially elected candidates.
"""

from __future__ import annotations

import csv
from fractions import Fraction

import pytest

from councils.counting import count, read_ballot_file
from tests.unit.counting.support import ELECTIONS, conserved, election_file

CONSTITUENCIES = [
    ("ireland-2002-dublin-north.soi", 4, 43_942, 8_789),
    ("ireland-2002-dublin-west.soi", 3, 29_988, 7_498),
    ("ireland-2002-meath.soi", 5, 64_081, 10_681),
]


def official(file: str) -> list[dict[str, str]]:
    election_file("official_results_2002.csv")
    with (ELECTIONS / "official_results_2002.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["soi_file"] == file]


@pytest.mark.parametrize(("file", "seats", "valid", "quota"), CONSTITUENCIES)
@pytest.mark.parametrize("transfer", ["gregory", "meek"])
def test_first_count_and_winners_match_the_official_result(
    file: str, seats: int, valid: int, quota: int, transfer: str
) -> None:
    ballots = read_ballot_file(election_file(file))
    rows = official(file)
    assert int(rows[0]["seats"]) == seats
    result = count(ballots, "stv", seats=seats, transfer=transfer)
    assert result.valid == valid == ballots.total
    first = result.rounds[0].tallies
    for row in rows:
        assert ballots.candidates[int(row["soi_index"]) - 1] == row["soi_name"]
        assert first[row["soi_name"]] == int(row["official_first_pref"]), row["official_name"]
    elected = {row["soi_name"] for row in rows if row["elected"] == "True"}
    assert set(result.winners) == elected
    assert conserved(result)
    assert result.ties == ()
    if transfer == "gregory":
        assert result.quota == quota
    else:
        assert result.rounds[0].quota is not None
        assert result.rounds[0].quota == int(Fraction(valid, seats + 1) * 10**9) / Fraction(10**9) + Fraction(
            1, 10**9
        )


def test_meath_elects_in_the_official_order_under_gregory() -> None:
    ballots = read_ballot_file(election_file("ireland-2002-meath.soi"))
    result = count(ballots, "stv", seats=5)
    assert [w.rsplit(" ", 1)[0] for w in result.winners] == [
        "Noel Dempsey",
        "John Bruton",
        "Mary Wallace",
        "Damien English",
        "Johnny Brady",
    ]


@pytest.mark.parametrize(("file", "seats", "valid", "quota"), CONSTITUENCIES)
def test_plurality_and_irv_on_real_data(file: str, seats: int, valid: int, quota: int) -> None:
    ballots = read_ballot_file(election_file(file))
    top = max(official(file), key=lambda row: int(row["official_first_pref"]))
    assert count(ballots, "plurality").winners == (top["soi_name"],)
    irv = count(ballots, "irv")
    assert conserved(irv) and irv.valid == valid
