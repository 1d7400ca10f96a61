"""A flagged issuing authority proved by where its row's print begins (a stacked page prints the
value alone under its label: blank paper before its first character) and by the office word of a
province's department (…教育厅) with the certificate number's province."""

from __future__ import annotations

import numpy as np

from scanning import _authority_reread as reread

ROW = (200, 100, 402, 130)  # a widened crop: two columns before its first ink at x=202


def _page(*inked: tuple[int, int]) -> np.ndarray:
    page = np.full((240, 600, 3), 240, np.uint8)
    for x0, x1 in inked:
        page[105:125, x0:x1] = 20
    return page


def test_a_row_with_blank_paper_before_its_first_ink_begins_there():
    assert reread.begins_row(_page((202, 400)), ROW)


def test_print_before_the_crop_within_the_gap_means_it_does_not_begin_the_row():
    # a label or characters lost before it, 40 px (under two row heights) to the left
    assert not reread.begins_row(_page((150, 170), (202, 400)), ROW)


def test_a_crop_at_the_page_edge_or_beside_another_field_proves_no_start():
    edge = (20, 100, 222, 130)
    assert not reread.begins_row(_page((22, 220)), edge)
    assert not reread.begins_row(_page((202, 400)), ROW, [(150, 102, 190, 128)])
    # another field's box on another row is no neighbour
    assert reread.begins_row(_page((202, 400)), ROW, [(150, 160, 190, 190)])
