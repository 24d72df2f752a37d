"""The register CSV reader on real files: encodings, quoting, line numbers, columns in any order."""

from __future__ import annotations

from pathlib import Path

from councils.adapters.csv_register import read_register


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "register.csv"
    path.write_bytes(data)
    return path


def test_columns_in_any_order_a_bom_and_windows_line_ends(tmp_path: Path) -> None:
    data = ("\ufeffBorn,Class,Person,Council,Nationality\r\n"
            "1980,worker,p1,town,ukrainian\r\n"
            "1975,peasant,p2,village,tatar\r\n").encode()
    rows = read_register(_write(tmp_path, data))
    assert rows.problems == []
    assert rows.person == ["p1", "p2"] and rows.born == [1980, 1975]
    assert rows.council == ["town", "village"] and rows.name == [None, None]
    assert rows.line == [2, 3]


def test_quoted_fields_with_commas_and_newlines_keep_their_line_numbers(tmp_path: Path) -> None:
    data = (b'person,council,nationality,class,born,name\n'
            b'p1,town,n,worker,1980,"Kovalenko, Olena"\n'
            b'p2,town,n,worker,1981,"a name\non two lines"\n'
            b'p3,town,n,worker,1982,  Ivan  \n')
    rows = read_register(_write(tmp_path, data))
    assert rows.problems == []
    assert rows.name == ["Kovalenko, Olena", "a name\non two lines", "Ivan"]
    assert rows.line == [2, 3, 5]


def test_text_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "person,council,nationality,class,born\np1,town,Ünal,worker,1980\n"
                  .encode("latin-1"))
    rows = read_register(path)
    assert len(rows) == 0
    assert len(rows.problems) == 1
    assert rows.problems == [(2, "not UTF-8 text (byte 0xdc at column 9); save the file as "
                                 "UTF-8 and import it again")]


def test_reading_stops_after_too_many_problems(tmp_path: Path) -> None:
    data = ("person,council,nationality,class,born\n" + "x,,n,worker,1980\n" * 50).encode()
    rows = read_register(_write(tmp_path, data), max_problems=10)
    assert len(rows.problems) == 11
    assert rows.problems[-1][1] == "stopped reading after 10 problems"
