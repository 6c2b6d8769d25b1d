"""Bad input for the loader: every broken session is reported at its exact place, never with a traceback.

Most cases are the small valid session in fixtures/minimal.yaml with one
textual edit; a few are literal bytes or files under fixtures/bad/. Each case
is written as `session.yaml` (or its fixture's name) into a content folder
that is the working directory, so the file name in the report is exactly the
one the test passes.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from deck import load
from deck.cli import main
from deck.errors import ContentError
from deck.session import open_session

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
BAD = FIXTURES / "bad"
SUMMERSCHOOL = Path(__file__).resolve().parent.parent / "content" / "summerschool.yaml"
NAME = "session.yaml"


def edit(*replacements: tuple[str, str]) -> bytes:
    """The minimal session with each (old, new) applied; old must occur exactly once."""
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in minimal.yaml"
        text = text.replace(old, new)
    return text.encode("utf-8")


def video(file: str) -> tuple[str, str]:
    """An edit that adds a video block with file: before the debrief (its `file:` value is at 47:11)."""
    return ("  - id: debrief\n",
            f"  - id: film\n    kind: video\n    title: Film\n    file: {file}\n  - id: debrief\n")


def assigned(*entries: str, each: int = 1) -> bytes:
    """The minimal session with an explicit assignment, one entry a line from line 36."""
    lines = "".join(f"    {entry}\n" for entry in entries)
    return edit(("  clusters_each: 1\n", f"  clusters_each: {each}\n  assignment:\n{lines}"))


@dataclass
class Case:
    id: str
    content: bytes | None  # None: the file is not written at all
    expected: list[str]  # every problem line, in order, without the summary line
    name: str = NAME
    planner: bool = False  # found by the planner, so only open_session reports it
    setup: Callable[[Path], None] | None = None  # makes files next to the session

    @property
    def report(self) -> str:
        count = len(self.expected)
        return "\n".join([*self.expected, f"{count} problem{'s' if count != 1 else ''} found"])


def fixture(name: str, expected: list[str], **kwargs) -> Case:
    return Case(name.removesuffix(".yaml"), (BAD / name).read_bytes(), expected, name=name, **kwargs)


def _folder(folder: Path) -> None:
    (folder / "clips").mkdir()


def _outside(folder: Path) -> None:
    (folder.parent / "x.mp4").write_bytes(b"not really a video")


def _loop(folder: Path) -> None:
    (folder / "loop.mp4").symlink_to("loop.mp4")


def _escape(folder: Path) -> None:
    (folder.parent / "x.mp4").write_bytes(b"not really a video")
    (folder / "link.mp4").symlink_to(folder.parent / "x.mp4")


SESSION_KEYS = "id, title, subtitle, language, author, organisation, date, start"
ID_HINT = "a valid id (lower-case letters, digits, '-' and '_', starting with a letter or digit)"
KINDS = "title, group_work, video, debrief, documents, points, break, slide"
NOT_ALLOWED = "is not allowed; remove it and write the value as plain text"
CONTROL = "which slides and PDFs cannot hold; delete it (it often comes from pasting)"
EMPTY = "the file is empty; start from a copy of content/summerschool.yaml"

CASES = [
    # --- YAML syntax -------------------------------------------------------------------------
    Case("unclosed-double-quote", edit(("title: Alpha", 'title: "Alpha')),
         ["session.yaml:14:12: YAML syntax error: this quote is never closed; add the closing quote"]),
    # A single quote runs on to the next ' it finds (in "Don't."), where the parser gives up.
    Case("unclosed-single-quote", edit(("title: Alpha", "title: 'Alpha")),
         ["session.yaml:20:24: YAML syntax error: while parsing a block mapping "
          "expected <block end>, but found '<scalar>'"]),
    Case("unclosed-flow-list", edit(("documents: [code]", "documents: [code")),
         ["session.yaml:22:15: YAML syntax error: while parsing a flow sequence "
          "expected ',' or ']', but got ':'"]),
    Case("bad-indentation-less", edit(("    title: Alpha", "   title: Alpha")),
         ["session.yaml:14:4: YAML syntax error: while parsing a block collection "
          "expected <block end>, but found '<block mapping start>'"]),
    Case("bad-indentation-more", edit(("  title: Minimal session", "    title: Minimal session")),
         ["session.yaml:3:10: YAML syntax error: mapping values are not allowed here"]),
    Case("tab-indentation", edit(("  title: Minimal session", "\ttitle: Minimal session")),
         ["session.yaml:3:1: a tab character; YAML indents with spaces only, replace the tab with spaces"]),
    Case("tab-after-colon", edit(("  title: Minimal session", "  title:\tMinimal session")),
         ["session.yaml:3:9: a tab character; YAML indents with spaces only, replace the tab with spaces"]),
    Case("undefined-alias", edit(("title: Alpha", "title: *alpha")),
         ["session.yaml:14:12: YAML syntax error: found undefined alias 'alpha'"]),
    Case("two-documents", edit(("  minutes_per_cluster: 15\n", "  minutes_per_cluster: 15\n---\nmore: 1\n")),
         ["session.yaml:48:1: YAML syntax error: expected a single document in the stream "
          "but found another document"]),
    Case("nested-too-deeply", b"session: " + b"[" * 5000 + b"]" * 5000 + b"\n",
         ["session.yaml:1:1: nested too deeply to be a session file"]),

    # --- Empty and odd documents -------------------------------------------------------------
    Case("empty-file", b"", [f"session.yaml:1:1: {EMPTY}"]),
    fixture("only_comments.yaml", [f"only_comments.yaml:1:1: {EMPTY}"]),
    Case("only-document-marker", b"---\n", ["session.yaml:2:1: expected a map of keys, found nothing"]),
    fixture("top_list.yaml", ["top_list.yaml:2:1: expected a map of keys, found a list"]),
    Case("top-scalar", b"just some text\n",
         ["session.yaml:1:1: expected a map of keys, found 'just some text'"]),
    Case("no-such-file", None, ["session.yaml:1:1: no such file; check the path"]),
    Case("too-many-bytes", b"# " + b"x" * 5_000_000 + b"\n",
         ["session.yaml:1:1: the file is 5,000,003 bytes; a session file holds at most 5,000,000"]),

    # --- Encoding and characters -------------------------------------------------------------
    fixture("latin1.yaml", ["latin1.yaml:3:13: byte 0xe9 is not UTF-8; "
                            "save the file as UTF-8 in your editor"]),
    # The column counts characters: the curly quotes before the é are 3 bytes each in UTF-8.
    Case("latin1-after-utf8", edit(("title: Alpha", "title: “Alpha” caf\0")).replace(b"\0", b"\xe9"),
         ["session.yaml:14:23: byte 0xe9 is not UTF-8; save the file as UTF-8 in your editor"]),
    Case("bom-then-error", b"\xef\xbb\xbf" + edit(("title: Alpha", "title: [Alpha]")),
         ["session.yaml:14:12: clusters[alpha].title: expected text, found a list"]),
    # Raw control characters: YAML itself refuses them, and we say where.
    Case("raw-nul-in-quotes", edit(("title: Alpha", 'title: "Al\x00pha"')),
         ["session.yaml:14:15: the character U+0000 is not allowed in YAML; "
          "delete it (it often comes from pasting)"]),
    Case("raw-vertical-tab-in-quotes", edit(("title: Alpha", 'title: "Al\x0bpha"')),
         ["session.yaml:14:15: the character U+000B is not allowed in YAML; "
          "delete it (it often comes from pasting)"]),
    Case("raw-delete-unquoted", edit(("dilemma: Second dilemma?", "dilemma: Second\x7f dilemma?")),
         ["session.yaml:27:24: the character U+007F is not allowed in YAML; "
          "delete it (it often comes from pasting)"]),
    # Escaped control characters get through YAML; the schema refuses them.
    Case("escaped-nul", edit(("title: Alpha", r'title: "Al\0pha"')),
         [f"session.yaml:14:12: clusters[alpha].title: contains the control character U+0000, {CONTROL}"]),
    Case("escaped-vertical-tab", edit(("title: Alpha", r'title: "Al\vpha"')),
         [f"session.yaml:14:12: clusters[alpha].title: contains the control character U+000B, {CONTROL}"]),
    Case("escaped-escape", edit(("dilemma: First dilemma?", r'dilemma: "First\x1b dilemma?"')),
         ["session.yaml:17:18: clusters[alpha].cases[one].dilemma: contains the control character "
          f"U+001B, {CONTROL}"]),

    # --- Wrong types ---------------------------------------------------------------------------
    Case("list-for-map", edit(("  count: 2\n  clusters_each: 1\n", "  - count: 2\n  - clusters_each: 1\n")),
         ["session.yaml:33:3: groups: expected a map of keys, found a list"]),
    Case("map-for-text", edit(("title: Alpha", "title: {nl: Alpha}")),
         ["session.yaml:14:12: clusters[alpha].title: expected text, found a map"]),
    Case("text-for-number", edit(("count: 2", "count: two")),
         ["session.yaml:33:10: groups.count: expected a whole number, found 'two'"]),
    Case("float-minutes", edit(("minutes: 5", "minutes: 7.5")),
         ["session.yaml:39:14: agenda[welcome].minutes: expected a whole number, found '7.5'"]),
    Case("minutes-too-many", edit(("minutes: 5", "minutes: 601")),
         ["session.yaml:39:14: agenda[welcome].minutes: 601 is out of range; use a number from 0 to 600"]),
    Case("minutes-negative", edit(("minutes: 5", "minutes: -5")),
         ["session.yaml:39:14: agenda[welcome].minutes: -5 is out of range; use a number from 0 to 600"]),
    Case("minutes-per-cluster-zero", edit(("minutes_per_cluster: 10", "minutes_per_cluster: 0")),
         ["session.yaml:43:26: agenda[work].minutes_per_cluster: 0 is out of range; "
          "use a number from 1 to 600"]),
    # int() refuses strings over 4,300 digits: this once ended in a ValueError traceback.
    Case("minutes-five-thousand-digits", edit(("minutes: 5", "minutes: " + "9" * 5000)),
         ["session.yaml:39:14: agenda[welcome].minutes: '9999999999999999999999999999999999999...' "
          "is out of range; use a number from 0 to 600"]),
    Case("empty-title", edit(("title: Alpha", "title:")),
         ["session.yaml:14:11: clusters[alpha].title: expected text, found nothing; fill it in"]),
    Case("no-options", edit(("          left: Go left.\n          right: Go right.\n", ""),
                            ("        options:\n\ngroups", "        options: {}\n\ngroups")),
         ["session.yaml:28:18: clusters[beta].cases[two].options: needs at least 1 entry"]),
    Case("no-clusters", edit(("clusters:\n", "clusters: []\nold-clusters:\n")),
         ["session.yaml:12:11: clusters: needs at least 1 item",
          "session.yaml:13:1: old-clusters: unknown key; did you mean 'clusters'?"]),
    Case("text-too-long", edit(("title: Alpha", "title: " + "a" * 1_000_000)),
         ["session.yaml:14:12: clusters[alpha].title: text is 1,000,000 characters long; "
          "at most 300 fit on a slide or sheet"]),

    # --- Unknown keys ------------------------------------------------------------------------
    Case("unknown-key-optoins", edit(("options:\n          yes-do", "optoins:\n          yes-do")),
         ["session.yaml:16:9: clusters[alpha].cases[one]: missing required key 'options'",
          "session.yaml:18:9: clusters[alpha].cases[one].optoins: unknown key; did you mean 'options'?"]),
    Case("unknown-key-no-match", edit(("  language: nl-BE\n", "  language: nl-BE\n  colour: red\n")),
         [f"session.yaml:5:3: session.colour: unknown key; expected one of: {SESSION_KEYS}"]),
    Case("unknown-top-level-key", edit(("groups:\n", "groups:\n  count: 2\n  clusters_each: 1\ngroup:\n")),
         ["session.yaml:35:1: group: unknown key; did you mean 'groups'?"]),

    # --- Missing required keys -----------------------------------------------------------------
    Case("missing-top-level", edit(("groups:\n  count: 2\n  clusters_each: 1\n", "")),
         ["session.yaml:1:1: (top): missing required key 'groups'"]),
    Case("missing-session-language", edit(("  language: nl-BE\n", "")),
         ["session.yaml:2:3: session: missing required key 'language'"]),
    Case("missing-case-dilemma", edit(("        dilemma: Second dilemma?\n", "")),
         ["session.yaml:26:9: clusters[beta].cases[two]: missing required key 'dilemma'"]),
    Case("missing-groups-count", edit(("  count: 2\n", "")),
         ["session.yaml:33:3: groups: missing required key 'count'"]),
    Case("missing-agenda-kind", edit(("    kind: title\n", "")),
         [f"session.yaml:37:5: agenda[welcome]: missing required key 'kind' (one of: {KINDS})"]),

    # --- Duplicate keys and ids ------------------------------------------------------------------
    Case("duplicate-key", edit(("  language: nl-BE\n", "  language: nl-BE\n  title: Again\n")),
         ["session.yaml:5:3: session.title: duplicate key; it was already given on line 3"]),
    # An id map names its entries options[id], and so does its duplicate.
    Case("duplicate-option-id", edit(("  no-dont: Don't.", "  yes-do: Don't.")),
         ["session.yaml:20:11: clusters[alpha].cases[one].options[yes-do]: duplicate key; "
          "it was already given on line 19"]),
    # A repeated id is named by its index, at its own line (it was once reported at the first's).
    Case("duplicate-cluster-id", edit(("  - id: beta\n", "  - id: alpha\n")),
         ["session.yaml:23:5: clusters[1]: duplicate id 'alpha'; every id in clusters must be different"]),
    Case("duplicate-case-id", edit(("      - id: two\n", "      - id: two\n        dilemma: Again?\n"
                                    "        options: {a: A}\n      - id: two\n")),
         ["session.yaml:29:9: clusters[beta].cases[1]: duplicate id 'two'; "
          "every id in cases must be different"]),
    Case("duplicate-agenda-id", edit(("  - id: debrief\n", "  - id: work\n")),
         ["session.yaml:44:5: agenda[2]: duplicate id 'work'; every id in agenda must be different"]),
    Case("duplicate-document-id", edit(("clusters:\n", "  - id: code\n    title: Code again\n\nclusters:\n")),
         ["session.yaml:12:5: documents[1]: duplicate id 'code'; every id in documents must be different"]),

    # --- Dangling references -------------------------------------------------------------------
    Case("dangling-document", edit(("documents: [code]", "documents: [cod]")),
         ["session.yaml:21:21: clusters[alpha].cases[one].documents[0]: no document with id 'cod'; "
          "did you mean 'code'?"]),
    Case("dangling-quote", edit(("quotes: [code/neutraal]", "quotes: [code/neutral]")),
         ["session.yaml:22:18: clusters[alpha].cases[one].quotes[0]: no quote with id 'code/neutral'; "
          "did you mean 'code/neutraal'?"]),
    Case("quote-without-document", edit(("quotes: [code/neutraal]", "quotes: [neutraal]")),
         ["session.yaml:22:18: clusters[alpha].cases[one].quotes[0]: 'neutraal' is not "
          "a quote reference as document-id/quote-id"]),
    Case("dangling-assignment-cluster", assigned("1: [alpha]", "2: [gamma]"),
         ["session.yaml:37:9: groups.assignment[2][0]: no cluster with id 'gamma'; known: alpha, beta"]),

    # --- Impossible group plans (found by the planner, located by open_session) ---------------
    Case("clusters-each-too-many", edit(("clusters_each: 1", "clusters_each: 3")),
         ["session.yaml:34:18: groups.clusters_each: each group takes 3 clusters, but there are only 2; "
          "lower clusters_each"], planner=True),
    Case("too-few-groups", edit(("count: 2", "count: 1")),
         ["session.yaml:33:10: groups.count: 1 group of 1 cluster cannot cover 2 clusters; "
          "use at least 2 groups or raise clusters_each"], planner=True),
    Case("assignment-wrong-length", assigned("1: [alpha, beta]", "2: [beta]"),
         ["session.yaml:36:8: groups.assignment[1]: group 1 has 2 clusters; clusters_each says 1"],
         planner=True),
    Case("assignment-cluster-twice", assigned("1: [alpha, alpha]", "2: [alpha, beta]", each=2),
         ["session.yaml:36:8: groups.assignment[1]: group 1 takes 'alpha' twice"], planner=True),
    Case("assignment-uncovered-cluster", assigned("1: [alpha]", "2: [alpha]"),
         ["session.yaml:36:5: groups.assignment: no group works on beta; "
          "every cluster needs at least one group"], planner=True),
    Case("assignment-missing-group", assigned("1: [alpha, beta]"),
         ["session.yaml:36:5: groups.assignment: no clusters given for group 2; "
          "an assignment names every group's clusters"]),
    Case("assignment-group-not-a-number", assigned("1: [alpha]", "two: [beta]"),
         ["session.yaml:36:5: groups.assignment: no clusters given for group 2; "
          "an assignment names every group's clusters",
          "session.yaml:37:10: groups.assignment[two]: 'two' is not a group number; "
          "number the groups 1 to 2"]),
    Case("assignment-group-out-of-range", assigned("1: [alpha]", "2: [beta]", "3: [beta]"),
         ["session.yaml:38:8: groups.assignment[3]: '3' is not a group number; number the groups 1 to 2"]),
    Case("assignment-not-a-list", assigned("1: alpha", "2: [beta]"),
         ["session.yaml:36:8: groups.assignment[1]: expected a list, found 'alpha'"]),

    # --- Agenda, ids and formats -----------------------------------------------------------------
    Case("unknown-kind-close", edit(("kind: group_work", "kind: grup_work")),
         ["session.yaml:41:11: agenda[work].kind: unknown kind 'grup_work'; did you mean 'group_work'?"]),
    Case("unknown-kind-far", edit(("kind: title", "kind: lunch")),
         [f"session.yaml:38:11: agenda[welcome].kind: unknown kind 'lunch'; use one of: {KINDS}"]),
    Case("key-of-another-kind", edit(("    minutes_per_cluster: 10\n", "    minutes_per_cluster: 10\n"
                                                                       "    url: https://example.org\n")),
         ["session.yaml:44:5: agenda[work].url: unknown key; expected one of: "
          "id, kind, notes, title, instructions, minutes, minutes_per_cluster"]),
    Case("id-upper-case", edit(("  - id: beta\n", "  - id: Beta\n")),
         [f"session.yaml:23:9: clusters[1].id: 'Beta' is not {ID_HINT}"]),
    Case("id-with-spaces", edit(("      - id: one\n", "      - id: case one\n")),
         [f"session.yaml:16:13: clusters[alpha].cases[0].id: 'case one' is not {ID_HINT}"]),
    Case("option-id-upper-case", edit(("          left: Go left.", "          Left: Go left.")),
         [f"session.yaml:29:11: clusters[beta].cases[two].options: 'Left' is not {ID_HINT}"]),
    Case("bad-language", edit(("language: nl-BE", "language: Nederlands (België)")),
         ["session.yaml:4:13: session.language: 'Nederlands (België)' is not "
          "a BCP 47 language tag such as nl-BE"]),
    Case("bad-start-hour", edit(("  language: nl-BE\n", "  language: nl-BE\n  start: '25:00'\n")),
         ["session.yaml:5:10: session.start: '25:00' is not a time as HH:MM, e.g. '09:30'"]),
    Case("bad-start-words", edit(("  language: nl-BE\n", "  language: nl-BE\n  start: half ten\n")),
         ["session.yaml:5:10: session.start: 'half ten' is not a time as HH:MM, e.g. '09:30'"]),

    # --- Python tags: refused, never constructed (the command would create a file) -----------
    Case("python-apply-for-text",
         edit(("title: Alpha", "title: !!python/object/apply:os.system [touch pwned]")),
         ["session.yaml:14:12: clusters[alpha].title: the tag "
          f"'tag:yaml.org,2002:python/object/apply:os.system' {NOT_ALLOWED}"]),
    # A tagged list or map once passed as plain data.
    Case("python-apply-for-list",
         edit(("documents: [code]", "documents: !!python/object/apply:os.system [code]")),
         ["session.yaml:21:20: clusters[alpha].cases[one].documents: the tag "
          f"'tag:yaml.org,2002:python/object/apply:os.system' {NOT_ALLOWED}"]),
    Case("python-object-for-map", edit(("session:\n", "session: !!python/object:subprocess.Popen\n")),
         ["session.yaml:1:10: session: the tag "
          f"'tag:yaml.org,2002:python/object:subprocess.Popen' {NOT_ALLOWED}"]),
    fixture("python_name.yaml", ["python_name.yaml:3:10: session.title: the tag "
                                 f"'tag:yaml.org,2002:python/name:os.system' {NOT_ALLOWED}"]),
    fixture("python_apply.yaml", [f"python_apply.yaml:2:1: the tag "
                                  f"'tag:yaml.org,2002:python/object/apply:os.system' {NOT_ALLOWED}"]),

    # --- Aliases -------------------------------------------------------------------------------
    # Aliases nested three deep (clusters of cases of options) would expand to 27 million values.
    fixture("alias_bomb.yaml", ["alias_bomb.yaml:8:154: clusters[19].cases[22].options[o15]: the document "
                                "expands to too many values (an alias bomb?); write the content out "
                                "without aliases"]),
    # A node reached through many aliases fails alike each time; it is reported once.
    Case("aliased-problem-once", edit(("      - id: two\n", "      - &two\n        id: two\n"),
                                      ("          left: Go left.\n          right: Go right.\n",
                                       "          left: Go left.\n          right: Go right.\n"
                                       "        notes: [x]\n      - *two\n      - *two\n")),
         ["session.yaml:32:16: clusters[beta].cases[two].notes: expected text, found a list"]),

    # --- Video files ---------------------------------------------------------------------------
    Case("video-missing", edit(video("missing.mp4")),
         ["session.yaml:47:11: agenda[film].file: no file 'missing.mp4' in the session's folder"]),
    Case("video-outside", edit(video("../x.mp4")), setup=_outside, expected=[
        "session.yaml:47:11: agenda[film].file: '../x.mp4' leads outside the session's folder; "
        "keep media in that folder, next to the session file"]),
    Case("video-absolute", edit(video("/etc/hostname")), expected=[
        "session.yaml:47:11: agenda[film].file: '/etc/hostname' leads outside the session's folder; "
        "keep media in that folder, next to the session file"]),
    Case("video-link-outside", edit(video("link.mp4")), setup=_escape, expected=[
        "session.yaml:47:11: agenda[film].file: 'link.mp4' leads outside the session's folder; "
        "keep media in that folder, next to the session file"]),
    Case("video-folder", edit(video("clips")), setup=_folder,
         expected=["session.yaml:47:11: agenda[film].file: 'clips' is a folder, not a file"]),
    # The content folder itself is a folder, not a place outside it.
    Case("video-dot", edit(video(".")),
         expected=["session.yaml:47:11: agenda[film].file: '.' is a folder, not a file"]),
    # pathlib raises RuntimeError for a link loop before Python 3.13: once a traceback.
    *([Case("video-link-loop", edit(video("loop.mp4")), setup=_loop, expected=[
        "session.yaml:47:11: agenda[film].file: 'loop.mp4' cannot be followed "
        "(a link that leads to itself?)"])]
      if sys.version_info < (3, 13) else []),

    # --- Everything at once --------------------------------------------------------------------
    fixture("many_problems.yaml", [
        "many_problems.yaml:2:7: session.id: 'Mini Session' is not " + ID_HINT,
        "many_problems.yaml:4:13: session.language: 'dutch!' is not a BCP 47 language tag such as nl-BE",
        "many_problems.yaml:5:3: session.titel: unknown key; did you mean 'title'?",
        "many_problems.yaml:7:5: clusters[alpha]: missing required key 'title'",
        "many_problems.yaml:10:9: clusters[alpha].cases[one]: missing required key 'options'",
        "many_problems.yaml:12:9: clusters[alpha].cases[one].optoins: unknown key; did you mean 'options'?",
        "many_problems.yaml:14:9: clusters[alpha].cases[one].dilemma: duplicate key; "
        "it was already given on line 11",
        "many_problems.yaml:17:3: groups: missing required key 'clusters_each'",
        "many_problems.yaml:17:10: groups.count: expected a whole number, found 'two'",
        "many_problems.yaml:21:11: agenda[welcome].kind: unknown kind 'titel'; did you mean 'title'?",
        "many_problems.yaml:22:5: agenda[work]: missing required key: give 'minutes' or 'minutes_per_cluster', "
        "or both",
        "many_problems.yaml:25:5: agenda[work].minutes_per_clustre: unknown key; "
        "did you mean 'minutes_per_cluster'?",
        "many_problems.yaml:29:14: agenda[film].minutes: expected a whole number, found '7.5'",
    ]),
]


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    """An empty content folder, one level below tmp_path, that is the working directory."""
    folder = tmp_path / "content"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _write(case: Case, folder: Path) -> str:
    if case.content is not None:
        (folder / case.name).write_bytes(case.content)
    if case.setup:
        case.setup(folder)
    return case.name


def test_there_are_enough_cases():
    assert len(CASES) >= 45
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_session_is_reported_exactly(case, content):
    name = _write(case, content)
    with pytest.raises(ContentError) as raised:
        open_session(name)
    assert str(raised.value) == case.report
    if case.planner:
        load.read(name)  # the file itself is fine; only the group plan cannot work
    else:
        with pytest.raises(ContentError) as read:
            load.read(name)
        assert str(read.value) == case.report
    assert not (content / "pwned").exists()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_session_through_the_cli(case, content):
    name = _write(case, content)
    result = CliRunner().invoke(main, ["check", name])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert case.report in result.output
    assert not (content / "pwned").exists()


def test_many_problems_are_all_reported_sorted_by_line(content):
    name = _write(next(case for case in CASES if case.id == "many_problems"), content)
    with pytest.raises(ContentError) as raised:
        load.read(name)
    problems = raised.value.problems
    assert len(problems) >= 5
    assert len({(p.line, p.path, p.message) for p in problems}) == len(problems)
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)
    assert str(raised.value).splitlines()[-1] == f"{len(problems)} problems found"
    assert len(str(raised.value).splitlines()) == len(problems) + 1


def test_the_shipped_session_loads():
    session = load.read(SUMMERSCHOOL)
    text = SUMMERSCHOOL.read_text(encoding="utf-8").splitlines()
    assert session.meta.id == "summerschool"
    assert session.meta.language == "nl-BE"
    assert [c.id for c in session.clusters] == ["organisatie", "werknemer", "privepersoon", "op-het-werk"]
    assert [d.id for d in session.documents] == ["deontologische-code", "ict-code", "handreiking"]
    cv = session.cluster("organisatie").cases[1]
    assert cv.id == "cv-vdab"
    assert [o.id for o in cv.options] == ["contacteren", "offline", "criteria", "laten-staan"]
    assert cv.options[1].text == "Het cv offline halen."
    dossier = next(c for c in session.cluster("privepersoon").cases if c.id == "kritiek-dossier")
    quoted = [session.document(ref.document).quote(ref.quote).text for ref in dossier.quotes]
    assert quoted[0].startswith("In de uitoefening van hun functie moeten ze neutraal blijven")
    assert quoted[1].startswith("Wees loyaal tegenover de Vlaamse overheid")
    assert "\n" not in quoted[0]  # folded with >-
    assert session.groups.count == 4 and session.groups.clusters_each == 2
    assert session.groups.assignment is None
    # Positions: found in the text, so this survives edits to the content.
    case_line = text.index("      - id: kritiek-dossier") + 1
    dilemma_line = next(n for n in range(case_line, len(text)) if text[n].strip().startswith("dilemma:")) + 1
    source = session.source
    assert source.path == str(SUMMERSCHOOL)
    assert source.position("clusters[privepersoon].cases[kritiek-dossier]") == (case_line, 9)
    assert source.position("clusters[privepersoon].cases[kritiek-dossier].dilemma") == (dilemma_line, 18)


def test_the_minimal_session_loads():
    session = load.read(MINIMAL)
    assert session.meta.id == "mini"
    assert session.meta.title == "Minimal session"
    assert [c.id for c in session.clusters] == ["alpha", "beta"]
    one = session.cluster("alpha").cases[0]
    assert [(o.id, o.text) for o in one.options] == [("yes-do", "Do it."), ("no-dont", "Don't.")]
    assert one.documents == ("code",)
    assert [session.document(q.document).quote(q.quote).text for q in one.quotes] == ["Blijf neutraal."]
    assert session.groups.count == 2 and session.groups.clusters_each == 1
    assert session.groups.assignment is None
    assert [(b.id, b.kind) for b in session.agenda] == [
        ("welcome", "title"), ("work", "group_work"), ("debrief", "debrief")]
    assert session.agenda[0].minutes == 5
    assert session.agenda[2].minutes_per_cluster == 15
    position = session.source.position
    assert position("clusters[alpha].cases[one].dilemma") == (17, 18)
    assert position("clusters[beta].cases[two].options[right]") == (30, 18)
    assert position("groups.clusters_each") == (34, 18)
    assert position("agenda[debrief]") == (44, 5)
    # An unrecorded path falls back to its nearest recorded parent.
    assert position("clusters[beta].cases[two].questions") == (26, 9)


def test_the_minimal_session_passes_check(content):
    (content / NAME).write_bytes(MINIMAL.read_bytes())
    result = CliRunner().invoke(main, ["check", NAME])
    assert result.exit_code == 0, result.output


def test_a_bom_is_accepted(content):
    (content / NAME).write_bytes(b"\xef\xbb\xbf" + MINIMAL.read_bytes())
    session = load.read(NAME)
    plain = load.read(MINIMAL)
    assert session == plain
    assert dict(session.source.positions) == dict(plain.source.positions)


def test_an_explicit_assignment_is_kept_in_group_order(content):
    (content / NAME).write_bytes(assigned("2: [alpha]", "1: [beta]"))
    planned = open_session(NAME)
    assert planned.session.groups.assignment == (("beta",), ("alpha",))
    assert [g.clusters for g in planned.plan.groups] == [("beta",), ("alpha",)]


def test_times_are_taken_as_typed(content):
    """YAML 1.1 would read 9:30 as the number 570; the loader keeps the text."""
    (content / NAME).write_bytes(edit(("  language: nl-BE\n", "  language: nl-BE\n  start: 9:30\n"
                                                              "  date: 2024-07-01\n")))
    meta = load.read(NAME).meta
    assert (meta.start, meta.date) == ("9:30", "2024-07-01")
