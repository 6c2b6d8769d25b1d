"""Property-based: any valid session renders with all its text; any mangled session fails located, never crashes."""
from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from deck.build import build
from deck.errors import ContentError, DeckError
from deck.session import open_session

from ..sessions import session as make_session
from .conftest import ROOT

# Letters Carlito has (Latin with accents, Greek, Cyrillic), quotes and apostrophes.
LETTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäçïîôöûüÿñœÉÀÇ"
           "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΩабвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЖЯ")
PUNCTUATION = "’'“”\"«»?!.,;:()"
word = st.text(alphabet=LETTERS, min_size=1, max_size=12) | st.text(alphabet=LETTERS, min_size=20, max_size=28)
token = st.tuples(st.sampled_from(["", "", "", "“", "'", "("]), word,
                  st.sampled_from(["", "", "", "”", "’s", ".", ",", "?", "!", ")", ":"])).map("".join)


def text(max_words: int) -> st.SearchStrategy[str]:
    return st.lists(token, min_size=1, max_size=max_words).map(" ".join)


@st.composite
def sessions(draw) -> dict:
    clusters = draw(st.integers(1, 4))
    each = draw(st.integers(1, clusters))
    count = draw(st.integers(math.ceil(clusters / each), 5))
    data = make_session(clusters=clusters, cases=1, groups=count, each=each, title=draw(text(6)))
    for cluster in data["clusters"]:
        cluster["title"] = draw(text(5))
        template = cluster["cases"][0]
        cluster["cases"] = []
        for number in range(draw(st.integers(1, 3))):
            case = {**template, "id": f"k{number}", "dilemma": draw(text(40)),
                    "options": {f"o{n}": draw(text(8)) for n in range(draw(st.integers(1, 5)))}}
            cluster["cases"].append(case)
    return data


def squeeze(value: str) -> str:
    """Without whitespace and hyphens: line breaks and hyphenation may add or drop either."""
    return re.sub(r"[\s\-‐\u00ad]+", "", value)


# No shrinking: each example is a whole build, and a failure prints its session as it is.
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=sessions())
def test_any_valid_session_renders_every_option(data):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "session.yaml"
        content.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out = Path(folder) / "out"
        build(content, out=out, only=["deck", "worksheets"])
        prs = Presentation(out / "nl-BE" / "deck.pptx")
        deck_text = squeeze("".join(shape.text_frame.text for slide in prs.slides
                                    for shape in slide.shapes if shape.has_text_frame))
        sheets = squeeze("".join(page.extract_text() for path in sorted((out / "nl-BE" / "worksheets").glob("*.pdf"))
                                 for page in PdfReader(path).pages))
        for cluster in data["clusters"]:
            for case in cluster["cases"]:
                for option in case["options"].values():
                    assert squeeze(option) in deck_text, f"not on any slide: {option!r}"
                    assert squeeze(option) in sheets, f"not on any worksheet: {option!r}"


SHIPPED = (ROOT / "content" / "summerschool.yaml").read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutations(draw) -> str:
    lines = list(SHIPPED)
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert", "truncate"]))
        if kind == "delete":
            del lines[n]
        elif kind == "duplicate":
            lines.insert(n, lines[n])
        elif kind == "swap":
            m = draw(st.integers(0, len(lines) - 1))
            lines[n], lines[m] = lines[m], lines[n]
        elif kind == "indent":
            lines[n] = " " * draw(st.integers(1, 4)) + lines[n]
        elif kind == "dedent":
            lines[n] = lines[n][min(len(lines[n]) - len(lines[n].lstrip(" ")), draw(st.integers(1, 4))):]
        elif kind == "insert":
            line = lines[n]
            at = draw(st.integers(0, len(line)))
            lines[n] = line[:at] + draw(st.characters(blacklist_categories=("Cs",))) + line[at:]
        else:
            text = "".join(lines)
            return text[:draw(st.integers(0, len(text)))]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutations())
def test_a_mangled_session_loads_or_fails_located(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summerschool.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            open_session(path)
        except ContentError as error:
            lines = text.count("\n") + 2
            assert error.problems
            for problem in error.problems:
                assert problem.file == str(path)
                assert 1 <= problem.line <= lines and problem.column >= 1, problem
        except DeckError as error:
            assert str(error)
