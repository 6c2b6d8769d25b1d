"""A deck and run sheet with the groups' answers pass the same validators as the shipped outputs."""
from __future__ import annotations

import subprocess

from deck.build import build
from deck.collect import collect
from deck.session import open_session

from ..filling import field_values, fill_pdftk, known_answers
from ..sessions import session, write


def test_a_deck_with_results_charts_is_valid_ooxml_and_the_run_sheet_passes_qpdf(tmp_path, ooxml_validate,
                                                                                   qpdf):
    content = write(session(clusters=3, cases=2, groups=3, each=2, options=4), tmp_path)
    build(content, out=tmp_path / "sheets", only=["worksheets"], parallel=False)
    planned = open_session(content)
    expected = known_answers(planned, silent=(2,))
    filled = [fill_pdftk(tmp_path / "sheets" / "nl-BE" / "worksheets" / f"group-{n}.pdf", tmp_path / f"g{n}.pdf",
                         field_values(expected, {n})) for n in (1, 3)]
    collect(content, filled)
    build(content, out=tmp_path / "out", only=["deck", "guide"], parallel=False)
    assert ooxml_validate(tmp_path / "out" / "nl-BE" / "deck.pptx") == []
    done = subprocess.run([qpdf, "--check", str(tmp_path / "out" / "nl-BE" / "facilitator.pdf")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
