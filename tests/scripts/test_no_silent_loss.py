"""No text silently lost: a character no font has stops the build, located; long texts in any script lay out."""
from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from deck.build import build
from deck.cli import main
from deck.errors import ContentError, DeckError

from ..render.test_worksheets import tool
from ..sessions import session, write
from .fonts import require_script_fonts
from .languages import scripted

PRIVATE = "\U000F0041"  # plane 15 private use: in no font anyone ships


def lacking(tmp_path):
    data = session()
    data["clusters"][0]["cases"][0]["options"]["o1"] = f"Je doet iets anders {PRIVATE}."
    data["clusters"][1]["title"] = f"Cluster {PRIVATE}{PRIVATE}"
    return write(data, tmp_path)


def test_a_character_no_font_has_stops_the_build_located_and_nothing_is_written(tmp_path):
    content = lacking(tmp_path)
    with pytest.raises(ContentError) as raised:
        build(content, out=tmp_path / "out", parallel=False)
    message = str(raised.value)
    lines = content.read_text(encoding="utf-8").splitlines()
    problems = [line for line in message.splitlines() if "no font for" in line]
    assert len(problems) == 2  # each text once, both at once
    for problem in problems:
        where = re.match(rf"{re.escape(str(content))}:(\d+):(\d+): (\S+): no font for '{PRIVATE}' \(U\+F0041\)",
                         problem)
        assert where, problem
        assert PRIVATE in lines[int(where.group(1)) - 1]  # the line of the text itself
        assert "install fonts-noto-core" in problem and "fallback_fonts" in problem
    assert {p.split(": ")[1] for p in problems} == {"clusters[c0].cases[k0].options[o1]", "clusters[c1].title"}
    assert not (tmp_path / "out").exists()


def test_the_cli_exits_1_and_allow_missing_glyphs_builds_with_a_warning(tmp_path):
    content = lacking(tmp_path)
    failed = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "out")])
    assert failed.exit_code == 1 and "no font for" in failed.output and not (tmp_path / "out").exists()
    checked = CliRunner().invoke(main, ["check", str(content)])
    assert checked.exit_code == 1 and "clusters[c1].title: no font for" in checked.output
    allowed = CliRunner().invoke(main, ["build", str(content), "--out", str(tmp_path / "out"),
                                        "--allow-missing-glyphs", "--only", "handout"])
    assert allowed.exit_code == 0, allowed.output
    assert "warning:" in allowed.output and "no font for" in allowed.output
    assert (tmp_path / "out" / "nl-BE" / "handout.pdf").is_file()


def test_i18n_status_locates_the_translation_at_its_msgstr(tmp_path):
    content = write(session(), tmp_path)
    assert CliRunner().invoke(main, ["i18n", "update", str(content), "--locale", "fr-BE"]).exit_code == 0
    catalog = tmp_path / "locales" / "fr_BE" / "LC_MESSAGES" / "test.po"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('msgctxt "clusters/c0/title"\nmsgid "Cluster 0"\nmsgstr ""',
                        f'msgctxt "clusters/c0/title"\nmsgid "Cluster 0"\nmsgstr "Groupe {PRIVATE}"')
    catalog.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f'msgstr "Groupe {PRIVATE}"') + 1
    result = CliRunner().invoke(main, ["i18n", "status", str(content)])
    assert result.exit_code == 1
    assert f"{catalog}:{line}:1: clusters[c0].title: no font for '{PRIVATE}'" in result.output
    with pytest.raises(DeckError, match=f"{re.escape(str(catalog))}:{line}:1"):
        build(content, out=tmp_path / "out", locales=["fr-BE"], parallel=False)


@pytest.mark.parametrize("text", ["你的上司在脸书上给你发了好友请求。你会怎么做？" * 130, "Dilemma" * 428 + "!"],
                         ids=["cjk", "one-word"])
def test_3000_characters_without_a_space_build_in_every_output(tmp_path, text):
    if "你" in text:
        require_script_fonts()
    text = text[:3000]
    data = session()
    data["clusters"][0]["cases"][0].update(dilemma=text, notes=text)
    data["documents"][0]["summary"] = text
    written = build(write(data, tmp_path), out=tmp_path / "out", parallel=False)
    kinds = {item.kind for item in written}
    assert kinds == {"deck", "worksheets", "guide", "handout"}
    sheet = subprocess.run([tool("pdftotext"), str(tmp_path / "out" / "nl-BE" / "worksheets.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert text[:40] in re.sub(r"\s+", "", sheet) and text[-40:] in re.sub(r"\s+", "", sheet)


def test_a_language_without_the_tools_words_warns_once_and_strict_fails(tmp_path):
    content = write(scripted("tr"), tmp_path)
    warnings: list[str] = []
    build(content, out=tmp_path / "out", only=["handout"], warn=warnings.append, parallel=False)
    about = [w for w in warnings if "tool's own words" in w]
    assert len(about) == 1 and "tr-TR" in about[0] and "i18n tool-words --language tr" in about[0]
    with pytest.raises(DeckError, match="tr-TR: the tool's own words"):
        build(content, out=tmp_path / "strict", only=["handout"], strict=True, parallel=False)
    assert not (tmp_path / "strict").exists()
