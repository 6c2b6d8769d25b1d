"""The build library call: outputs where the user expects them, and nothing lost on failure."""
from __future__ import annotations

import pytest

from deck.build import build
from deck.errors import ContentError, DeckError

from .conftest import SUMMERSCHOOL
from .sessions import session, write


def test_build_writes_every_output_under_session_id_and_locale(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = build(SUMMERSCHOOL)
    folder = "out/summerschool/nl-BE"
    assert [(w.kind, w.locale, str(w.path)) for w in written] == [
        ("deck", "nl-BE", f"{folder}/deck.pptx"),
        *(("worksheets", "nl-BE", f"{folder}/worksheets/group-{n}.pdf") for n in range(1, 5)),
        ("worksheets", "nl-BE", f"{folder}/worksheets.pdf"),
        ("guide", "nl-BE", f"{folder}/facilitator.pdf"),
        ("handout", "nl-BE", f"{folder}/handout.pdf")]
    assert all(w.path.stat().st_size > 10_000 for w in written)


def test_only_limits_the_build(tmp_path):
    written = build(SUMMERSCHOOL, out=tmp_path, only=["guide"])
    assert [w.path.name for w in written] == ["facilitator.pdf"]
    assert sorted(p.name for p in (tmp_path / "nl-BE").iterdir()) == ["facilitator.pdf"]


def test_a_failed_build_leaves_the_previous_outputs_untouched(tmp_path):
    good = write(session(), tmp_path)
    out = tmp_path / "out"
    first, *others = build(good, out=out)
    before = {w.path: w.path.read_bytes() for w in [first, *others]}
    broken = write({**session(), "groups": {"count": 1, "clusters_each": 1}}, tmp_path, "broken.yaml")
    with pytest.raises(ContentError):
        build(broken, out=out)
    with pytest.raises(DeckError):
        build(good, out=out, template=tmp_path / "missing.pptx")
    assert {path: path.read_bytes() for path in before} == before
    leftovers = [p for p in out.rglob("*") if p.is_file() and p not in before]
    assert not leftovers  # no temporary files left


def test_a_locale_without_catalog_is_a_clear_error(tmp_path):
    with pytest.raises(DeckError, match="no catalog for 'fr-BE' .*i18n update --locale fr-BE"):
        build(write(session(), tmp_path), out=tmp_path / "out", locales=["fr-BE"])


def test_progress_is_reported(tmp_path):
    seen = []
    build(write(session(), tmp_path), out=tmp_path / "out", progress=seen.append)
    # Two processes share the work, so the order the steps start in may vary.
    assert sorted(seen) == ["nl-BE: deck", "nl-BE: guide", "nl-BE: handout", "nl-BE: worksheets"]


@pytest.mark.parametrize("parallel", [True, False], ids=["two-processes", "one-process"])
@pytest.mark.parametrize("failing", ["deck", "worksheets", "handout"])
def test_an_output_failing_after_others_were_made_puts_none_of_them_in_place(tmp_path, monkeypatch, failing,
                                                                            parallel):
    """Outputs are staged: whichever fails, and in whichever process, the last good set stays whole."""
    import deck.build as library

    good = write(session(), tmp_path)
    out = tmp_path / "out"
    before = {w.path: w.path.read_bytes() for w in build(good, out=out)}
    changed = write(session(title="Een andere titel"), tmp_path)
    made = library._RENDER[failing]

    def fail(*args):
        made(*args)  # written (staged), then the failure
        raise DeckError(f"{failing} failed")
    monkeypatch.setitem(library._RENDER, failing, fail)
    with pytest.raises(DeckError, match=f"{failing} failed"):
        build(changed, out=out, parallel=parallel)
    assert {path: path.read_bytes() for path in before} == before
    assert sorted(p for p in out.rglob("*") if p.is_file()) == sorted(before), "no staged file left behind"


def test_all_locales_builds_the_source_and_every_catalog(tmp_path, summerschool_copy):
    written = build(summerschool_copy, out=tmp_path, all_locales=True, locales=["qps-ploc"], only=["handout"])
    assert [w.locale for w in written] == ["nl-BE", "en-GB", "fr-BE", "qps-ploc"]


def test_a_large_sessions_worksheets_are_shared_out_and_come_out_byte_identical(tmp_path):
    """Eight groups: their sheets go out in parts (to two processes where it can), and every file is the
    same as when one process makes them all."""
    source = write(session(clusters=8, groups=8, each=2), tmp_path)
    seen = []
    shared = build(source, out=tmp_path / "shared", only=["worksheets"], progress=seen.append)
    alone = build(source, out=tmp_path / "alone", only=["worksheets"], parallel=False)
    assert [w.path.relative_to(tmp_path / "shared") for w in shared] == \
        [w.path.relative_to(tmp_path / "alone") for w in alone]
    assert [w.path.name for w in shared][-1] == "worksheets.pdf" and len(shared) == 9
    for a, b in zip(shared, alone):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name
    from deck import parallel

    if parallel.can_fork():  # shared out in parts only where two processes can take them
        assert sorted(seen) == ["nl-BE: worksheets (groups 1, 3, 5, 7)", "nl-BE: worksheets (groups 2, 4, 6, 8)"]
    else:
        assert seen == ["nl-BE: worksheets"]


def test_two_processes_make_the_same_files_as_one(tmp_path, summerschool_copy):
    """Every output of the shipped session in every shipped locale, byte for byte."""
    shared = build(summerschool_copy, out=tmp_path / "shared", all_locales=True)
    alone = build(summerschool_copy, out=tmp_path / "alone", all_locales=True, parallel=False)
    assert [w.path.relative_to(tmp_path / "shared") for w in shared] == \
        [w.path.relative_to(tmp_path / "alone") for w in alone]
    assert len(shared) == 3 * 8
    for a, b in zip(shared, alone):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path


def test_a_rebuild_reuses_every_unchanged_sheet_whichever_process_made_it(tmp_path):
    """Watch mode rebuilds in one process; sheets the forked process made are reused too."""
    from deck import parallel

    if not parallel.can_fork():
        pytest.skip("needs fork and two cores")
    source = write(session(clusters=16, groups=16, each=2), tmp_path)
    out = tmp_path / "out"

    def sheets():
        return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
                for path in (out / "nl-BE" / "worksheets").iterdir()}

    build(source, out=out, only=["worksheets"])
    first = sheets()
    build(source, out=out, only=["worksheets"])
    assert sheets() == first, "an unchanged sheet is neither laid out nor written again"
