"""Ballot receipts drawn in blocks stay unique, well formed, and are not shared with a fork."""

from __future__ import annotations

import os
import re

from councils.application import receipts
from councils.application.receipts import draw_receipt


def test_receipts_are_sixteen_hex_digits_and_do_not_repeat() -> None:
    drawn = [draw_receipt() for _ in range(5 * receipts.BLOCK + 7)]
    assert all(re.fullmatch(r"[0-9a-f]{16}", r) for r in drawn)
    assert len(set(drawn)) == len(drawn)


def test_a_forked_child_does_not_draw_its_parents_next_receipts() -> None:
    draw_receipt()  # make sure the parent holds an unused block
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its first receipt and leave at once
        os.write(write, draw_receipt().encode())
        os._exit(0)
    os.close(write)
    child = os.read(read, 64).decode()
    os.waitpid(pid, 0)
    os.close(read)
    assert child != draw_receipt()
