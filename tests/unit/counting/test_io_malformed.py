"""Every way a ballot file can be malformed is refused with the file, the line and the reason."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from councils.counting import CountError, count, read_ballot_file

HEADER = [
    "# FILE NAME: t.soi",
    "# TITLE: T",
    "# NUMBER ALTERNATIVES: 3",
    "# ALTERNATIVE NAME 1: A",
    "# ALTERNATIVE NAME 2: B",
    "# ALTERNATIVE NAME 3: C",
]  # six lines: preferences start on line 7


def refused(tmp_path: Path, name: str, content: str | bytes, line: int | None, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with pytest.raises(CountError) as info:
        read_ballot_file(path)
    where = f"{path}, line {line}: " if line is not None else f"{path}: "
    assert str(info.value).startswith(where), str(info.value)
    assert re.search(reason, str(info.value)), str(info.value)


def preflib(*lines: str, header: list[str] = HEADER) -> str:
    return "\n".join([*header, *lines]) + "\n"


def swap(header_line: str, new: str) -> list[str]:
    return [new if line.startswith(header_line) else line for line in HEADER]


PREFLIB = [
    ("t.soi", preflib("3: 1,2", "2: 1;3"), 8, r"unexpected character ';'"),
    ("t.soi", preflib("1234567890123456: 1"), 7, r"longer than 15 digits"),
    ("t.soi", preflib("3: 1", header=[h for h in HEADER if "NUMBER ALTERNATIVES" not in h]), 1,
     r"no '# NUMBER ALTERNATIVES: n' line"),
    ("t.soi", preflib("3: 1", header=swap("# NUMBER ALT", "# NUMBER ALTERNATIVES: three")), 3,
     r"NUMBER ALTERNATIVES must be a positive number"),
    ("t.soi", preflib("3: 1", header=[*HEADER, "# DATA TYPE: cat"]), 7, r"DATA TYPE 'cat' is not a ranking"),
    ("t.soi", preflib("3: 1", header=[*HEADER, "# DATA TYPE: toi"]), 7,
     r"DATA TYPE says toi but the file is read as \.soi"),
    ("t.soi", preflib("3: 1", header=HEADER[:-1]), 1, r"no '# ALTERNATIVE NAME 3: \.\.\.' line"),
    ("t.soi", preflib("3: 1", header=[*HEADER, "# ALTERNATIVE NAME 4: D"]), 7,
     r"ALTERNATIVE NAME 4 but NUMBER ALTERNATIVES is 3"),
    ("t.soi", preflib("3: 1", header=[*HEADER, "# ALTERNATIVE NAME 2: B"]), 7, r"ALTERNATIVE NAME 2 is given twice"),
    ("t.soi", preflib("3: 1", header=swap("# ALTERNATIVE NAME 2", "# ALTERNATIVE NAME 2: ")), 5,
     r"ALTERNATIVE NAME 2 is empty"),
    ("t.soi", preflib("3: 1", header=swap("# ALTERNATIVE NAME 3", "# ALTERNATIVE NAME 3: A")), 6,
     r"name 'A' is also ALTERNATIVE NAME 1"),
    ("t.soi", preflib("3: 1").encode().replace(b"# TITLE: T", b"# TITLE: \xff"), 2, r"header is not valid UTF-8"),
    ("t.soi", preflib("3: 1", "1,2"), 8, r"a preference line must start with 'COUNT:'"),
    ("t.soi", preflib("3: 1:2"), 7, r"':' may only follow the count"),
    ("t.toi", preflib("3: {1,{2}}"), 7, r"tied groups cannot nest"),
    ("t.toi", preflib("3: 1}"), 7, r"'}' without a matching '{'"),
    ("t.toi", preflib("3: {1,2"), 7, r"'\{' is not closed on this line"),
    ("t.soi", preflib("3: 1,,2"), 7, r"unexpected ',' after ','"),
    ("t.soi", preflib("3:"), 7, r"unexpected end of line after ':'"),
    ("t.soi", preflib("3: 1,"), 7, r"unexpected end of line after ','"),
    ("t.soi", preflib("3: {1,2}"), 7, r"ties '\{\.\.\.\}' are not allowed in a \.soi file"),
    ("t.soc", preflib("3: {1,2},3"), 7, r"not allowed in a \.soc file"),
    ("t.soi", preflib("2: 1", "0: 1,2"), 8, r"the count must be at least 1"),
    ("t.soi", preflib("3: 1,4"), 7, r"candidate 4 is not between 1 and 3"),
    ("t.soi", preflib("3: 2", "3: 1,2,1"), 8, r"candidate 1 appears twice"),
    ("t.soc", preflib("3: 1,2,3", "1: 1,2"), 8, r"ranks 2 of 3 candidates; a \.soc order must rank all"),
    ("t.toc", preflib("3: 1,{2,3}", "1: 1,2"), 8, r"a \.toc order must rank all"),
    ("t.soi", preflib("3: 1", "1: 2", header=[*HEADER, "# NUMBER VOTERS: 5"]), 7,
     r"NUMBER VOTERS is 5 but the file has 4"),
    ("t.soi", preflib("3: 1", header=[*HEADER, "# NUMBER VOTERS: many"]), 7, r"NUMBER VOTERS must be a number"),
    ("t.soi", preflib("3: 1", header=[*HEADER, "# NUMBER UNIQUE ORDERS: 2"]), 7,
     r"NUMBER UNIQUE ORDERS is 2 but the file has 1"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "line", "reason"), PREFLIB)
def test_malformed_preflib(tmp_path: Path, name: str, content: str, line: int, reason: str) -> None:
    refused(tmp_path, name, content, line, reason)


def test_preflib_tolerates_blank_lines_crlf_comments_and_a_bom(tmp_path: Path) -> None:
    text = "\ufeff" + preflib("# a comment without a colon", "").replace("\n", "\r\n")
    text += "3: 1 , 2\r\n\r\n 2 :3\r\n"
    path = tmp_path / "t.soi"
    path.write_text(text, encoding="utf-8", newline="")
    b = read_ballot_file(path)
    assert b.candidates == ("A", "B", "C") and b.title == "T"
    assert list(b) == [(("A", "B"), 3), (("C",), 2)]


def test_toc_bottom_ties_are_dropped_and_other_ties_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.toc"
    path.write_text(preflib("4: 2,{1,3}", "3: {1,2,3}", "2: {1,2},3"), encoding="utf-8")
    b = read_ballot_file(path)
    assert list(b) == [(("B",), 4), ((), 3), (("A", "B", "C"), 2)]
    assert b.tied is not None and b.tied.tolist()[2][:3] == [False, True, False]
    with pytest.raises(CountError, match="stv needs strict rankings, but 2 ballot"):
        count(b, "stv")
    assert count(b, "approval").rounds[0].tallies == {"A": 2, "B": 6, "C": 2}


BLT = "3 2\n4 1 2 0\n2 3 0\n0\n" '"A"\n"B"\n"C"\n"Title"\n'

BLT_CASES = [
    ("3\n" + BLT[4:], 1, r"the first line must read 'CANDIDATES SEATS'"),
    ("3 4\n" + BLT[4:], 1, r"3 candidates and 4 seats: need 1 <= seats <= candidates"),
    ("3 2\n-4\n" + BLT[4:], 2, r"withdrawn candidate 4 is not between 1 and 3"),
    ("3 2\n4 1 2 0\n", 3, r"the ballots never end"),
    ("3 2\n4 1 x 0\n" + BLT[12:], 2, r"unexpected character 'x'"),
    ("3 2\n4 1 0\n4\n" + BLT[12:], 3, r"a ballot line reads 'WEIGHT c1 c2 \.\.\. 0'"),
    ("3 2\n0 1 0\n" + BLT[12:], 2, r"the weight must be at least 1"),
    ("3 2\n4 1 2\n" + BLT[12:], 2, r"a ballot line must end with 0"),
    ("3 2\n4 1 0 2 0\n" + BLT[12:], 2, r"0 ends a ballot: nothing may follow it"),
    ("3 2\n4 =1 0\n" + BLT[12:], 2, r"'=' must join two candidates"),
    ("3 2\n4 1= 0\n" + BLT[12:], 2, r"'=' must join two candidates"),
    ("3 2\n4 1 4 0\n" + BLT[12:], 2, r"candidate 4 is not between 1 and 3"),
    ("3 2\n4 1 2 1 0\n" + BLT[12:], 2, r"candidate 1 appears twice"),
    (BLT.replace('"B"', "B"), 6, r'expected a name in double quotes, like "Alice"'),
    ("3 2\n4 1 2 0\n0\n" '"A"\n"B"\n', 4, r"expected 3 candidate names in quotes, found 2"),
    (BLT + '"more"\n', 9, r"unexpected text after the title"),
    (BLT.replace('"B"', '" "'), 6, r"candidate 2 has an empty name"),
    (BLT.replace('"C"', '"A"'), 7, r"name 'A' is given twice"),
    ("3 2\n-1 -2\n" + BLT[4:], 2, r"fewer candidates than the 2 seats remain"),
]


@pytest.mark.parametrize(("content", "line", "reason"), BLT_CASES)
def test_malformed_blt(tmp_path: Path, content: str, line: int, reason: str) -> None:
    refused(tmp_path, "t.blt", content, line, reason)


def test_blt_withdrawals_ties_blanks_and_seats(tmp_path: Path) -> None:
    path = tmp_path / "t.blt"
    path.write_text('4 2\n-2\n3 2 1 0\n2 3=4 1 0\n1 0\n\n0\n"A"\n"B"\n"C"\n"D"\n"Election"\n\n', encoding="utf-8")
    b = read_ballot_file(path)
    assert (b.candidates, b.seats, b.title, b.total) == (("A", "C", "D"), 2, "Election", 6)
    assert list(b) == [(("A",), 3), (("C", "D", "A"), 2), ((), 1)]
    assert b.tied is not None and b.tied[1].tolist()[:3] == [False, True, False]


CSV_CASES = [
    (b"A,\xff\n1,\n", 1, r"the header row is not valid UTF-8"),
    ("\n1,2\n", 1, r"the first row must name the candidates"),
    ("A,,C\n1,,\n", 1, r"column 2 has no candidate name"),
    ("A,B,A\n1,,\n", 1, r"candidate 'A' names two columns"),
    ("A,B,C\n1,2,\n1,2\n", 3, r"has 2 cells, expected 3"),
    ("A,B,C\n1 2,,\n", 2, r"a cell holds more than one number"),
    ("A,B,C\n0,1,\n", 2, r"ranks start at 1"),
    ("A,B,C\nx,1,\n", 2, r"unexpected character 'x'"),
    ("A,B,C\n1,,\n1,3,\n", 3, r"ranks must run 1, 2, 3, \.\.\. without gaps; found 1, 3"),
    ("A,B,C\n2,,\n", 2, r"without gaps; found 2"),
    ("A,B,C\n1,99,\n", 2, r"without gaps; found 1, 99"),
    ('A,B,C\n"1",2,x\n', 2, r"cell 'x' is not a rank"),
    ('A,B,C\n"1",2\n', 2, r"has 2 cells, expected 3"),
    ('A,B,C\n"1",2,\n,1,\xff\n'.encode("latin-1"), 3, r"not valid UTF-8"),
]


@pytest.mark.parametrize(("content", "line", "reason"), CSV_CASES)
def test_malformed_csv(tmp_path: Path, content: str | bytes, line: int, reason: str) -> None:
    refused(tmp_path, "t.csv", content, line, reason)


@pytest.mark.parametrize("quoted", [False, True])
def test_csv_ties_blanks_crlf_and_quoted_names(tmp_path: Path, quoted: bool) -> None:
    body = '"1",2,\r\n,1,1\r\n,,\r\n\r\n2,1,3\r\n' if quoted else "1,2,\r\n,1,1\r\n,,\r\n\r\n2,1,3\r\n"
    path = tmp_path / "t.csv"
    path.write_text('"Smith, Ann",B,C\r\n' + body, encoding="utf-8", newline="")
    b = read_ballot_file(path)
    assert b.candidates == ("Smith, Ann", "B", "C")
    assert list(b) == [(("Smith, Ann", "B"), 1), (("B", "C"), 1), ((), 1), (("B", "Smith, Ann", "C"), 1)]
    assert b.tied is not None and b.tied.tolist()[1] == [False, True, False]
    assert np.array_equal(b.weights, np.ones(4))
