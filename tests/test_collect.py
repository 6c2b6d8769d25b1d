"""collect: filled worksheets read back into answers.csv and answers.json, and every bad input told clearly."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from deck.build import build
from deck.cli import main
from deck.collect import collect
from deck.layouts import sheet_layout
from deck.render.worksheets import render_worksheets
from deck.session import open_session
from deck.structure import TAG_KEY, option_field

from .conftest import SUMMERSCHOOL
from .filling import Expected, field_values, fill_pdftk, fill_pypdf, known_answers
from .sessions import session, write

FILLERS = {"pypdf": fill_pypdf, "pdftk": fill_pdftk}


def run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def fixture_session(folder: Path, **changes) -> Path:
    data = session(clusters=3, cases=2, groups=3, each=2, options=3)
    data["clusters"][1]["cases"][0]["questions"] = {"waarom": "Waarom?", "wie": "Wie beslist?"}
    for key, value in changes.items():
        data[key] = value
    return write(data, folder)


def sheets(content: Path, locale: str, folder: Path) -> Path:
    """The worksheets of the session at content, built into folder; returns folder."""
    render_worksheets(open_session(content), sheet_layout(), locale, folder)
    return folder


def rows(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), "no BOM: Excel would misread the accents"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def assert_read_back(out: Path, expected: list[Expected], planned) -> None:
    """answers.csv and answers.json hold exactly the expected answers, and empty rows for the rest."""
    table = {(int(r["group"]), r["cluster"], r["case"]): r for r in rows(out / "answers.csv")}
    wanted = {(g.number, c, case.id) for g in planned.plan.groups for c in g.clusters
              for case in planned.session.cluster(c).cases}
    assert set(table) == wanted
    for e in expected:
        row = table[e.group, e.cluster, e.case]
        assert (row["choice"], row["other"], row["notes"]) == (e.choice, e.other, e.notes)
        assert {k.split(":", 1)[1]: v for k, v in row.items() if k.startswith("question:") and v} == e.questions
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    by_case = {(g["group"], a["cluster"], a["case"]): a for g in data["groups"] for a in g["cases"]}
    for e in expected:
        answer = by_case[e.group, e.cluster, e.case]
        assert (answer["choice"], answer["other"], answer["notes"], answer["questions"]) == (
            e.choice, e.other, e.notes, e.questions)


@pytest.mark.parametrize("filler", FILLERS)
@pytest.mark.parametrize("locale", ["nl-BE", "fr-BE"])
def test_each_groups_sheet_filled_reads_back_exactly(tmp_path, filler, locale):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, locale, tmp_path / "out")
    expected = known_answers(planned)
    filled = [FILLERS[filler](built / "worksheets" / f"group-{g.number}.pdf", tmp_path / f"g{g.number}.pdf",
                              field_values(expected, {g.number})) for g in planned.plan.groups]
    collected = collect(content, filled)
    assert_read_back(tmp_path, expected, planned)
    data = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert (data["session"], data["structure"]) == ("test", json.loads(
        PdfReader(filled[0]).metadata[f"/{TAG_KEY}"])["structure"])
    assert [(g["group"], g["source"], g["locale"]) for g in data["groups"]] == [
        (n, str(path), locale) for n, path in enumerate(filled, start=1)]
    assert collected.warnings == ()


@pytest.mark.parametrize("filler", FILLERS)
def test_a_filled_combined_file_reads_back_exactly(tmp_path, filler):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned)
    filled = FILLERS[filler](built / "worksheets.pdf", tmp_path / "all.pdf", field_values(expected))
    collect(content, [filled], out=tmp_path / "answers")
    assert_read_back(tmp_path / "answers", expected, planned)


def test_a_combined_files_empty_part_gives_way_to_the_groups_own_sheet(tmp_path):
    """Groups 1 and 3 filled the printed file's PDF, group 2 its own sheet: no group is in two files."""
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned)
    combined = fill_pypdf(built / "worksheets.pdf", tmp_path / "all.pdf", field_values(expected, {1, 3}))
    own = fill_pdftk(built / "worksheets" / "group-2.pdf", tmp_path / "g2.pdf", field_values(expected, {2}))
    result = run("collect", content, combined, own, "--verbose")
    assert result.exit_code == 0, result.output
    assert_read_back(tmp_path, expected, planned)
    assert f"group 1: {combined} (nl-BE)" in result.output and f"group 2: {own} (nl-BE)" in result.output


def test_the_summary_counts_groups_per_option(tmp_path):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned)
    filled = fill_pypdf(built / "worksheets.pdf", tmp_path / "all.pdf", field_values(expected))
    result = run("collect", content, filled)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["case", "A", "B", "C", "other", "none"]
    for cluster in planned.session.clusters:
        for case in cluster.cases:
            mine = [e for e in expected if (e.cluster, e.case) == (cluster.id, case.id)]
            counts = [sum(o.id in e.choices for e in mine) for o in case.options]
            line = next(line for line in lines if line.startswith(f"{cluster.id}/{case.id} "))
            assert line.split()[1:] == [*map(str, counts), str(sum(bool(e.other) for e in mine)), "0"]
    assert (tmp_path / "answers.csv").exists() and "next:" in result.output
    quiet = run("collect", content, filled, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = run("collect", content, filled, "--verbose")
    assert f"group 2: {filled} (nl-BE)" in verbose.output


def test_the_summerschool_in_two_locales_filled_by_both_fillers(tmp_path):
    """The shipped session, copied: every group's sheet of both locales filled by each filler, read back."""
    folder = tmp_path / "content"
    shutil.copytree(SUMMERSCHOOL.parent, folder, ignore=shutil.ignore_patterns("*.json", "*.csv"))
    content = folder / SUMMERSCHOOL.name
    build(content, out=tmp_path / "out", locales=["nl-BE", "fr-BE"], only=["worksheets"], parallel=False)
    planned = open_session(content)
    expected = known_answers(planned)
    for locale, filler in [(locale, filler) for locale in ("nl-BE", "fr-BE") for filler in FILLERS.values()]:
        filled = [filler(tmp_path / "out" / locale / "worksheets" / f"group-{g.number}.pdf",
                         tmp_path / f"{locale}-{filler.__name__}-{g.number}.pdf", field_values(expected, {g.number}))
                  for g in planned.plan.groups]
        result = run("collect", content, *filled)
        assert result.exit_code == 0, result.output
        assert_read_back(folder, expected, planned)
        assert {g["locale"] for g in json.loads((folder / "answers.json").read_text("utf-8"))["groups"]} == {locale}


# -- what deserves a word, but still reads ----------------------------------------------

def test_an_unfilled_sheet_and_a_missing_group_are_named(tmp_path):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned, silent=(2, 3))
    filled = fill_pypdf(built / "worksheets" / "group-1.pdf", tmp_path / "g1.pdf", field_values(expected, {1}))
    result = run("collect", content, filled, built / "worksheets" / "group-2.pdf")
    assert result.exit_code == 0, result.output
    assert f"group 2 sent no answers ({built / 'worksheets' / 'group-2.pdf'} is not filled in)" in result.output
    assert "group 3 sent no answers (none of the files is its worksheet)" in result.output
    groups = json.loads((tmp_path / "answers.json").read_text("utf-8"))["groups"]
    assert [g["sent_nothing"] for g in groups] == [False, True, True]


def test_a_value_that_matches_no_option_is_warned_of_by_field(tmp_path):
    content = fixture_session(tmp_path)
    built = sheets(content, "nl-BE", tmp_path / "out")
    writer = PdfWriter(clone_from=built / "worksheets" / "group-1.pdf")
    name = option_field(1, "c0", "k0", "o1")
    _set_box(writer, name, "/Ja")
    edited = tmp_path / "edited.pdf"
    writer.write(edited)
    result = run("collect", content, edited)
    assert result.exit_code == 0, result.output
    assert f"field {name}: the value 'Ja' matches no option (was the PDF edited?)" in result.output
    assert rows(tmp_path / "answers.csv")[0]["choice"] == ""


def test_a_box_ticked_only_in_its_appearance_counts(tmp_path):
    content = fixture_session(tmp_path)
    built = sheets(content, "nl-BE", tmp_path / "out")
    writer = PdfWriter(clone_from=built / "worksheets" / "group-1.pdf")
    name = option_field(1, "c0", "k0", "o2")
    _set_box(writer, name, "/o2", value=False)
    path = tmp_path / "as-only.pdf"
    writer.write(path)
    assert run("collect", content, path).exit_code == 0
    assert rows(tmp_path / "answers.csv")[0]["choice"] == "o2"


def test_a_sheet_whose_tag_was_dropped_is_read_by_its_field_names(tmp_path):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned)
    filled = fill_pypdf(built / "worksheets" / "group-3.pdf", tmp_path / "g3.pdf", field_values(expected, {3}))
    writer = PdfWriter(clone_from=filled)
    writer.metadata = {"/Title": "Bewaard door een ander programma"}
    bare = tmp_path / "bare.pdf"
    writer.write(bare)
    result = run("collect", content, bare)
    assert result.exit_code == 0, result.output
    assert "carries no tag" in result.output
    assert_read_back(tmp_path, [e for e in expected if e.group == 3], planned)


def test_a_sheet_without_its_tag_whose_fields_no_longer_match_is_refused(tmp_path):
    content = fixture_session(tmp_path)
    built = sheets(content, "nl-BE", tmp_path / "out")
    writer = PdfWriter(clone_from=built / "worksheets" / "group-1.pdf")
    writer.metadata = {"/Title": "Bewaard door een ander programma"}
    bare = tmp_path / "bare.pdf"
    writer.write(bare)
    data = session(clusters=3, cases=2, groups=3, each=2, options=3)
    data["clusters"][1]["cases"][0]["questions"] = {"waarom": "Waarom?"}  # "wie" is gone
    write(data, tmp_path)
    result = run("collect", content, bare)
    assert result.exit_code == 1
    assert f"{bare}: its fields do not match 'test' as it is now: case c1/k0 has other fields" in result.output


def test_last_wins_takes_the_last_file_of_a_group(tmp_path):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned)
    first = fill_pypdf(built / "worksheets" / "group-1.pdf", tmp_path / "first.pdf", {})
    second = fill_pypdf(built / "worksheets" / "group-1.pdf", tmp_path / "second.pdf", field_values(expected, {1}))
    result = run("collect", content, first, second, "--last-wins")
    assert result.exit_code == 0, result.output
    assert f"group 1: the answers of {second} are taken (--last-wins), not those of {first}" in result.output
    assert_read_back(tmp_path, [e for e in expected if e.group == 1], planned)


# -- bad input: exit 1, every problem at once, nothing written ------------------------------

def test_every_bad_file_is_reported_at_once_and_nothing_is_written(tmp_path):
    content = fixture_session(tmp_path)
    built = sheets(content, "nl-BE", tmp_path / "out")
    (tmp_path / "other").mkdir()
    other_data = session()
    other_data["session"]["id"] = "iets-anders"
    other_sheets = sheets(write(other_data, tmp_path / "other", "other.yaml"), "nl-BE", tmp_path / "other-out")
    garbage = tmp_path / "broken.pdf"
    garbage.write_bytes((built / "worksheets" / "group-2.pdf").read_bytes()[:900])
    text = tmp_path / "notes.pdf"
    text.write_text("just some text", encoding="utf-8")
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=built / "worksheets" / "group-3.pdf")
    writer.encrypt("geheim", algorithm="AES-128")
    writer.write(locked)
    runsheet = tmp_path / "facilitator.pdf"
    build(content, out=tmp_path / "built", only=["guide"], parallel=False)
    shutil.copy(tmp_path / "built" / "nl-BE" / "facilitator.pdf", runsheet)
    first = built / "worksheets" / "group-1.pdf"
    copy = tmp_path / "group-1-again.pdf"
    shutil.copy(first, copy)
    result = run("collect", content, other_sheets / "worksheets" / "group-1.pdf", garbage, text, locked, runsheet,
                 first, copy)
    assert result.exit_code == 1
    output = result.output
    assert "Traceback" not in output
    assert (f"{other_sheets / 'worksheets' / 'group-1.pdf'}: a worksheet of the session 'iets-anders', "
            f"not of 'test'") in output
    assert f"{garbage}: not a readable PDF" in output
    assert f"{text}: not a readable PDF" in output
    assert f"{locked}: the PDF is encrypted (password-protected)" in output
    assert f"{runsheet}: not a worksheet of this tool" in output
    assert f"group 1 is in more than one file: {first}, {copy}; pass only one, or --last-wins" in output
    assert "6 problems found; nothing was written" in output
    assert not (tmp_path / "answers.csv").exists() and not (tmp_path / "answers.json").exists()


def test_a_sheet_of_an_older_version_says_which_cases_changed(tmp_path):
    content = fixture_session(tmp_path)
    built = sheets(content, "nl-BE", tmp_path / "out")
    data = session(clusters=3, cases=2, groups=3, each=2, options=3)
    data["clusters"][1]["cases"][0]["questions"] = {"waarom": "Waarom?", "wie": "Wie beslist?"}
    data["clusters"][0]["cases"][1]["options"] = {"ja": "Ja.", "nee": "Nee."}
    data["clusters"][0]["cases"].append({**data["clusters"][0]["cases"][0], "id": "k9"})
    write(data, tmp_path)
    sheet = built / "worksheets" / "group-1.pdf"  # group 1 works on c0 and c1
    result = run("collect", content, sheet)
    assert result.exit_code == 1
    assert (f"{sheet}: made from another version of 'test': case c0/k1 has other options or questions; "
            "case c0/k9 is new.") in result.output
    # A change that leaves the sheet's own cases as they were: read, with a word.
    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    base = fixture_session(unrelated)
    built = sheets(base, "nl-BE", unrelated / "out")
    data = session(clusters=3, cases=2, groups=3, each=2, options=3)
    data["clusters"][1]["cases"][0]["questions"] = {"waarom": "Waarom?", "wie": "Wie beslist?"}
    data["clusters"][2]["cases"][1]["options"] = {"ja": "Ja.", "nee": "Nee."}  # c2: not on group 1's sheet
    write(data, unrelated)
    result = run("collect", base, built / "worksheets" / "group-1.pdf")
    assert result.exit_code == 0, result.output
    assert "made from an earlier version of 'test'; its own cases are unchanged" in result.output


def test_a_sheet_that_only_restricts_editing_opens_without_a_password(tmp_path):
    content = fixture_session(tmp_path)
    planned = open_session(content)
    built = sheets(content, "nl-BE", tmp_path / "out")
    expected = known_answers(planned)
    filled = fill_pypdf(built / "worksheets" / "group-2.pdf", tmp_path / "g2.pdf", field_values(expected, {2}))
    writer = PdfWriter(clone_from=filled)
    writer.encrypt(user_password="", owner_password="beheerder", algorithm="RC4-128")
    secured = tmp_path / "secured.pdf"
    writer.write(secured)
    assert PdfReader(secured).is_encrypted
    result = run("collect", content, secured)
    assert result.exit_code == 0, result.output
    assert_read_back(tmp_path, [e for e in expected if e.group == 2], planned)


def test_a_flattened_sheet_is_told_apart(tmp_path):
    content = fixture_session(tmp_path)
    built = sheets(content, "nl-BE", tmp_path / "out")
    writer = PdfWriter(clone_from=built / "worksheets" / "group-2.pdf")
    del writer._root_object["/AcroForm"]
    for page in writer.pages:
        del page["/Annots"]
    flat = tmp_path / "printed.pdf"
    writer.write(flat)
    result = run("collect", content, flat)
    assert result.exit_code == 1
    assert f"{flat}: a worksheet of groups 2 without its form fields: it was printed to PDF or flattened" \
        in result.output


def test_collect_needs_a_file_to_read():
    assert run("collect", SUMMERSCHOOL).exit_code == 2


def _set_box(writer: PdfWriter, name: str, state: str, value: bool = True) -> None:
    """Set a checkbox's appearance state (and, with value, its value) by its full name, as an editor would."""
    for page in writer.pages:
        for annot in page.get("/Annots", []) or []:
            widget = annot.get_object()
            parts, node = [], widget
            while node is not None:
                parts.append(str(node.get("/T")))
                node = node.get("/Parent").get_object() if "/Parent" in node else None
            if ".".join(reversed(parts)) == name:
                widget[NameObject("/AS")] = NameObject(state)
                if value:
                    widget[NameObject("/V")] = NameObject(state)
                return
    raise AssertionError(f"no field {name}")
