"""The group worksheets, read back: own cases only, fields, fonts, duplex breaks, reproducibility."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from deck.layouts import sheet_layout
from deck.render.pdf import hyphenation_language
from deck.render.worksheets import render_worksheets
from deck.session import open_session

from ..conftest import SUMMERSCHOOL
from ..sessions import session, write

EXOTIC = "ąčęėįšųūž ğış őű άέή жщ “ ” ‘ ’ – …"
LONG_WORD = "arbeidsongeschiktheidsverzekeringsmaatschappij"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheets")
    planned = open_session(SUMMERSCHOOL)
    return planned, folder, render_worksheets(planned, sheet_layout(), "nl-BE", folder)


def page_texts(path: Path, hyphenated: bool = False) -> list[str]:
    """Each page's text; words hyphenated at a line's end are joined again unless hyphenated is set."""
    with pdfplumber.open(path) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert not any("\x00" in text for text in texts), "a character the font has no glyph for"
    return texts if hyphenated else [unhyphenate(text) for text in texts]


def unhyphenate(text: str) -> str:
    """Text with the words that hyphenation broke over two lines whole again."""
    return re.sub(r"(\w)-\n(\w)", r"\1\2", text)


def broken_heads(texts: list[str], word: str) -> list[str]:
    """The heads of word that end a line with a hyphen: where hyphenation broke it."""
    heads = [line.split()[-1][:-1] for text in texts for line in text.splitlines() if line.endswith("-")]
    return [head for head in heads if 1 < len(head) < len(word) and word.startswith(head)]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def tool(name: str) -> str:
    """The path of a command-line tool; skips without it, but fails on CI."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI; install poppler-utils and qpdf")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils qpdf)")
    return found


def all_pdfs(results) -> list[Path]:
    return [r.path for r in results]


def test_writes_one_sheet_per_group_and_a_combined_file(built):
    planned, folder, results = built
    expected = [folder / "worksheets" / f"group-{g.number}.pdf" for g in planned.plan.groups]
    assert all_pdfs(results) == [*expected, folder / "worksheets.pdf"]
    assert all(p.is_file() for p in all_pdfs(results))


def test_each_sheet_holds_exactly_its_own_cases(built):
    planned, folder, _ = built
    session = planned.session
    for group in planned.plan.groups:
        text = flat(" ".join(page_texts(folder / "worksheets" / f"group-{group.number}.pdf")))
        for cluster in session.clusters:
            for case in cluster.cases:
                present = flat(case.dilemma) in text
                assert present == (cluster.id in group.clusters), (group.number, case.id)


def test_every_case_is_on_some_sheet(built):
    planned, folder, _ = built
    text = flat(" ".join(page_texts(folder / "worksheets.pdf")))
    for cluster in planned.session.clusters:
        for case in cluster.cases:
            assert flat(case.dilemma) in text, case.id


def test_sheet_names_group_time_box_presenting_and_instructions(built):
    planned, folder, _ = built
    group = planned.plan.groups[0]
    text = flat(" ".join(page_texts(folder / "worksheets" / "group-1.pdf")))
    assert "Werkblad – Groep 1" in text
    assert "Tijd: 10 min. per cluster, 20 min. in totaal." in text
    for cluster_id in group.presents:
        assert planned.session.cluster(cluster_id).title in text
    block = next(b for b in planned.session.agenda if b.instructions)
    assert flat(block.instructions) in text
    assert "Houvast: Deontologische code en Handreiking sociale media" in text


def test_footer_counts_pages_within_the_group(built):
    _, folder, results = built
    for result in results[:-1]:
        texts = page_texts(result.path)
        number = int(result.path.stem.split("-")[1])
        for page, text in enumerate(texts, start=1):
            assert f"Groep {number}, pagina {page} van {len(texts)}" in text


def test_combined_file_starts_every_group_on_an_odd_page(built):
    planned, folder, results = built
    texts = page_texts(folder / "worksheets.pdf")
    starts = [n for n, text in enumerate(texts, start=1) if ", pagina 1 van " in text]
    assert len(starts) == len(planned.plan.groups)
    assert all(n % 2 == 1 for n in starts)
    assert len(texts) % 2 == 0 or len(texts) == starts[-1] + results[-2].pages - 1


def test_odd_page_groups_get_a_blank_back(tmp_path):
    # One short case a group: every group sheet is one page, so each but the last needs a blank back.
    data = session(clusters=3, cases=1, groups=3, each=1)
    planned = open_session(write(data, tmp_path))
    results = render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    pages = [r.pages for r in results[:-1]]
    assert pages == [1, 1, 1], "the fixture must give odd page counts, or this test proves nothing"
    texts = page_texts(results[-1].path)
    starts = [n for n, text in enumerate(texts, start=1) if ", pagina 1 van " in text]
    assert starts == [1, 3, 5]
    assert [n for n, text in enumerate(texts, start=1) if not text.strip()] == [2, 4]


def test_fields_have_stable_names_and_types(built):
    _, folder, _ = built
    fields = PdfReader(folder / "worksheets" / "group-1.pdf").get_fields()
    assert fields["g1.organisatie.cv-vdab.option.offline"]["/FT"] == "/Btn"
    assert fields["g1.organisatie.cv-vdab.option._other"]["/FT"] == "/Btn"
    assert fields["g1.organisatie.cv-vdab.other"]["/FT"] == "/Tx"
    assert fields["g1.organisatie.cv-vdab.notes"]["/FT"] == "/Tx"
    assert fields["g1.werknemer.collega-klaagt.question.baas"]["/FT"] == "/Tx"
    assert not any(name.startswith("g2.") for name in fields)
    combined = PdfReader(folder / "worksheets.pdf").get_fields()
    assert "g4.op-het-werk.chat.question.telewerk" in combined


def test_a_filled_in_copy_reads_back(built, tmp_path):
    _, folder, _ = built
    writer = PdfWriter(clone_from=folder / "worksheets" / "group-1.pdf")
    values = {"g1.organisatie.cv-vdab.notes": "Vrije meningsuiting weegt zwaar.",
              "g1.organisatie.cv-vdab.other": "Eerst bellen",
              "g1.organisatie.cv-vdab.option.offline": "/offline"}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    fields = PdfReader(filled).get_fields()
    assert {name: fields[name].get("/V") for name in values} == values


def test_every_font_is_embedded(built):
    pdffonts = tool("pdffonts")
    for path in all_pdfs(built[2]):
        lines = subprocess.run([pdffonts, str(path)], check=True, capture_output=True,
                               text=True).stdout.splitlines()[2:]
        assert lines, f"{path} lists no fonts"
        for line in lines:
            assert "Carlito" in line and line.split()[-5] == "yes", line


def test_qpdf_finds_no_problem(built):
    qpdf = tool("qpdf")
    for path in all_pdfs(built[2]):
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_metadata_and_language(built):
    planned, folder, _ = built
    reader = PdfReader(folder / "worksheets" / "group-2.pdf")
    assert reader.metadata.title.startswith(planned.session.meta.title)
    assert reader.metadata.author == "Vlaamse overheid"
    assert "Groep 2" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"


def test_text_in_many_scripts_survives(tmp_path):
    planned = open_session(write(session(dilemma=f"Wat doe je? {EXOTIC}"), tmp_path))
    results = render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    assert EXOTIC in flat(" ".join(page_texts(results[0].path)))


def test_a_case_longer_than_a_page_still_renders(tmp_path):
    from ..sessions import LOREM

    planned = open_session(write(session(dilemma=LOREM * 12, options=12, option=LOREM.strip()), tmp_path))
    results = render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    assert results[0].pages >= 2


def test_rebuilds_are_byte_identical(built, tmp_path):
    planned, folder, results = built
    again = render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path)
    for first, second in zip(results, again):
        assert first.path.read_bytes() == second.path.read_bytes(), first.path.name


def test_letter_pages(tmp_path):
    planned = open_session(write(session(), tmp_path))
    results = render_worksheets(planned, sheet_layout(page="letter"), "nl-BE", tmp_path / "out")
    box = PdfReader(results[0].path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize("locale, language", [("nl-BE", "nl"), ("nl", "nl"), ("en-GB", "en_GB"), ("pt-BR", "pt_BR"),
                                              ("sr-Latn-RS", "sr_Latn"), ("ga-IE", ""), ("", "")])
def test_locale_to_hyphenation_dictionary(locale, language):
    assert hyphenation_language(locale) == language


def test_long_words_are_hyphenated_in_options_and_the_houvast_box(tmp_path):
    data = session(option=f"Je belt eerst de {LONG_WORD}, dan de {LONG_WORD} en daarna nog eens de {LONG_WORD}.")
    # Enough of them that some cross a line's end with room for a head.
    data["documents"][0]["title"] = "De code van " + ", ".join(f"de {LONG_WORD}" for _ in range(5))
    planned = open_session(write(data, tmp_path))
    results = render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    texts = page_texts(results[0].path, hyphenated=True)
    lines = [line for text in texts for line in text.splitlines()]
    option = next(n for n, line in enumerate(lines) if line.startswith("A Je belt eerst"))
    houvast = next(n for n, line in enumerate(lines) if line.startswith("Houvast: De code"))
    assert broken_heads(lines[option:option + 2], LONG_WORD), lines[option:option + 3]
    assert broken_heads(lines[houvast:houvast + 4], LONG_WORD), lines[houvast:houvast + 4]
    # Read as a reader would, every word is whole.
    assert flat(f"{LONG_WORD} en daarna nog eens de {LONG_WORD}.") in flat(" ".join(page_texts(results[0].path)))


def test_a_locale_without_a_hyphenation_dictionary_wraps_words_whole(tmp_path):
    option = f"Je belt eerst de {LONG_WORD}, dan de {LONG_WORD} en daarna nog eens de {LONG_WORD}."
    planned = open_session(write(session(option=option), tmp_path))
    results = render_worksheets(planned, sheet_layout(), "ga-IE", tmp_path / "out")
    texts = page_texts(results[0].path, hyphenated=True)
    assert not broken_heads(texts, LONG_WORD)
    assert flat(option) in flat(" ".join(texts))


KEEP = {"id", "language", "start", "date", "kind", "url", "file"}  # not texts: left as they are


def longer(node, by: float = 0.4):
    """A session with every text `by` longer, as translations run; ids and references untouched."""
    if isinstance(node, dict):
        return {key: value if key in KEEP else longer(value, by) for key, value in node.items()}
    if isinstance(node, list):  # a list of strings is a list of references
        return [value if isinstance(value, str) else longer(value, by) for value in node]
    if not isinstance(node, str):
        return node
    words, extra = node.split(), []
    while len(" ".join(extra)) < by * len(node):
        extra.append(words[len(extra) % len(words)])
    return f"{node} {' '.join(extra)}"


def case_pages(path: Path) -> dict[str, set[int]]:
    """For each case (g<n>.<cluster>.<case>), the pages its form fields are on."""
    found: dict[str, set[int]] = {}
    for number, page in enumerate(PdfReader(path).pages, start=1):
        for ref in page.get("/Annots", []):
            node, parts = ref.get_object(), []
            while node is not None:
                parts.append(str(node["/T"]))
                node = node.get("/Parent")
                node = node.get_object() if node is not None else None
            found.setdefault(".".join(reversed(parts[-3:])), set()).add(number)
    return found


def test_texts_forty_percent_longer_keep_every_case_on_one_page(tmp_path):
    data = longer(yaml.safe_load(SUMMERSCHOOL.read_text(encoding="utf-8")))
    shutil.copytree(SUMMERSCHOOL.parent / "media", tmp_path / "media")  # the pictures it names
    planned = open_session(write(data, tmp_path))
    results = render_worksheets(planned, sheet_layout(), "nl-BE", tmp_path / "out")
    session = planned.session
    for group, result in zip(planned.plan.groups, results):
        texts = page_texts(result.path)
        pages = case_pages(result.path)
        for cluster_id in group.clusters:
            for case in session.cluster(cluster_id).cases:
                on = pages[f"g{group.number}.{cluster_id}.{case.id}"]
                assert len(on) == 1, (group.number, case.id, on)
                assert flat(case.dilemma) in flat(texts[min(on) - 1]), (group.number, case.id)


def test_pseudo_locale_keeps_every_case_on_one_page(tmp_path):
    from deck.build import build

    written = build(SUMMERSCHOOL, out=tmp_path, locales=["qps-ploc"], only=["worksheets"])
    groups = [w.path for w in written if w.path.parent.name == "worksheets"]
    assert len(groups) == 4
    for path in groups:
        for case, pages in case_pages(path).items():
            assert len(pages) == 1, (path.name, case, pages)


def test_a_rebuild_lays_out_again_only_the_groups_an_edit_touches(tmp_path, monkeypatch):
    """Watch mode: an edited case re-lays out the sheets of the groups that work on it, no others."""
    import deck.render.worksheets as worksheets

    data = session(clusters=4, groups=4, each=2)
    source = write(data, tmp_path)
    laid_out = []
    original = worksheets.build_recorded
    monkeypatch.setattr(worksheets, "build_recorded",
                        lambda *args, **kwargs: laid_out.append(args[1].subject) or original(*args, **kwargs))
    folder = tmp_path / "out"
    render_worksheets(open_session(source), sheet_layout(), "nl-BE", folder)
    assert len(laid_out) == 4
    laid_out.clear()
    render_worksheets(open_session(source), sheet_layout(), "nl-BE", folder)
    assert laid_out == [], "nothing changed: every sheet reused"

    data["clusters"][0]["cases"][0]["dilemma"] = "Wat doe je nu?"
    edited = open_session(write(data, tmp_path))
    render_worksheets(edited, sheet_layout(), "nl-BE", folder)
    workers = [g.number for g in edited.plan.groups if "c0" in g.clusters]
    assert len(laid_out) == len(workers) == 2 and all(str(n) in s for n, s in zip(workers, laid_out))
    # What was reused is what a fresh build makes, byte for byte.
    fresh = render_worksheets(edited, sheet_layout(), "nl-BE", tmp_path / "fresh")
    for result in fresh:
        assert result.path.read_bytes() == (folder / result.path.relative_to(tmp_path / "fresh")).read_bytes()
    assert "Wat doe je nu?" in flat(" ".join(page_texts(folder / "worksheets.pdf")))


def test_a_sheet_someone_replaced_or_removed_is_made_again(tmp_path):
    source = write(session(), tmp_path)
    folder = tmp_path / "out"
    first = render_worksheets(open_session(source), sheet_layout(), "nl-BE", folder)
    first[0].path.write_bytes(b"scribbled over")
    first[1].path.unlink()
    again = render_worksheets(open_session(source), sheet_layout(), "nl-BE", folder)
    for result in again[:2]:
        assert result.path.read_bytes().startswith(b"%PDF") and page_texts(result.path)
