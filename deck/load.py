"""Reads a session YAML file into the model, reporting every problem with its position."""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from . import format as fmt
from . import locale_tag, picture_files, safe_files
from .errors import ContentError, Problem
from .model import (GROUP_WORK, Block, Picture, Case, Cluster, Document, Groups, Item, Meta, QuoteRef,
                    Session, Source)
from .schema import Context

MAX_BYTES = 5_000_000


class _Composer(yaml.SafeLoader):
    """Safe YAML that stops at the node graph: nothing is constructed, positions are kept."""


if getattr(yaml, "__with_libyaml__", False):
    class _FastComposer(yaml.composer.Composer, yaml.cyaml.CParser, yaml.resolver.Resolver):
        """libyaml's parser under PyYAML's own composer and resolver: the same nodes, several times faster.

        The composer stays PyYAML's Python one: libyaml's recurses in C without a
        limit, so a deeply nested file would crash the process, not raise.
        """

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _FastComposer = None

# Text the fast path leaves to the Python loader: characters its reader refuses (which libyaml may
# accept), tabs (libyaml takes them as separating space where PyYAML refuses them), line breaks that
# the two count differently, and a byte order mark.
_UNSURE = re.compile(f"{yaml.reader.Reader.NON_PRINTABLE.pattern}|[\t\x85\u2028\u2029\ufeff]")
_SLOW = object()


def _compose_fast(text: str):
    """The node graph through libyaml; _SLOW when it fails or cannot be trusted to match PyYAML.

    libyaml and PyYAML word some errors differently, so any error is left to the
    Python loader, which then reports it exactly as it always has.
    """
    if _FastComposer is None or _UNSURE.search(text):
        return _SLOW
    loader = _FastComposer(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return _SLOW
    finally:
        loader.dispose()
    if "?" in text and _flow_question(node):
        return _SLOW
    return node


def _flow_question(root) -> bool:
    """Whether a plain scalar in a flow collection holds a '?': PyYAML ends the scalar there, libyaml not."""
    seen: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, flow = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if flow and not node.style and "?" in node.value:
                return True
            continue
        if node is None or id(node) in seen:  # aliases share nodes, and may even make a cycle
            continue
        seen.add(id(node))
        inner = flow or bool(node.flow_style)
        if isinstance(node, yaml.MappingNode):
            stack += [(n, inner) for pair in node.value for n in pair]
        else:
            stack += [(n, inner) for n in node.value]
    return False


def read(path: str | Path, display: str | None = None) -> Session:
    """Load and check the session at path; raises ContentError listing every problem."""
    path = Path(path)
    name = display or str(path)
    try:
        data = safe_files.read(path, MAX_BYTES, "a session file")
    except safe_files.Refused as refused:
        message = (f"the file is {refused.size:,} bytes; a session file holds at most {MAX_BYTES:,}"
                   if refused.size is not None else str(refused))
        raise ContentError([Problem(name, 1, 1, "", message)]) from None
    except FileNotFoundError:
        raise ContentError([Problem(name, 1, 1, "", "no such file; check the path")]) from None
    except IsADirectoryError:
        raise ContentError([Problem(name, 1, 1, "", "is a folder, not a session file")]) from None
    except OSError as error:
        raise ContentError([Problem(name, 1, 1, "", f"cannot be read: {error.strerror}")]) from None
    return parse(data, name, base=path.parent)


def parse(data: bytes, name: str = "<memory>", base: Path | None = None) -> Session:
    """Check the bytes of a session file and build the model from them."""
    node = compose(data, name)
    ctx = Context(name)
    ctx.enter(node, "")
    values = fmt.SESSION.check(node, "", ctx)
    if not ctx.problems:
        _check_references(values, ctx, base)
    if ctx.problems:
        raise ContentError(_once(ctx.problems))
    source = Source(name, MappingProxyType(dict(ctx.positions)))
    return _session(values, source)


def compose(data: bytes, name: str, example: str = "content/summerschool.yaml") -> yaml.Node:
    if len(data) > MAX_BYTES:
        raise ContentError([Problem(name, 1, 1, "", f"the file is {len(data):,} bytes; "
                                    f"a session file holds at most {MAX_BYTES:,}")])
    text = _decode(data, name)
    node = _compose_fast(text)
    if node is _SLOW:
        node = _compose_python(text, name)
    if node is None:
        raise ContentError([Problem(name, 1, 1, "", f"the file is empty; start from a copy of {example}")])
    return node


def _compose_python(text: str, name: str) -> yaml.Node | None:
    """The node graph through PyYAML's Python loader, every error located and worded for a trainer."""
    try:
        return yaml.compose(text, Loader=_Composer)
    except yaml.reader.ReaderError as error:
        # A character YAML refuses (NUL, other controls): located by an index, not a mark.
        before = text[:error.position]
        line, column = before.count("\n") + 1, error.position - before.rfind("\n")
        raise ContentError([Problem(name, line, column, "", f"the character U+{error.character:04X} "
                                    "is not allowed in YAML; delete it (it often comes from "
                                    "pasting)")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        ended = any(end in (error.problem or "") for end in ("end of stream", "<stream end>"))
        if ended and error.context_mark:
            # The file ended inside something left open (a quote, a [ or {): where it opens is what to fix.
            mark = error.context_mark
        message = _yaml_message(error)
        raise ContentError([Problem(name, mark.line + 1, mark.column + 1, "", message)]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(name, 1, 1, "", f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise ContentError([Problem(name, 1, 1, "", "nested too deeply to be a session file")]) from None


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a BOM is how some Windows editors say UTF-8; accept it quietly
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as the YAML positions and editors do, not bytes.
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        raise ContentError([Problem(name, line, column, "", f"byte 0x{data[error.start]:02x} is not "
                                    "UTF-8; save the file as UTF-8 in your editor")]) from None


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "not valid YAML"
    if "found character '\\t'" in problem:
        return "a tab character; YAML indents with spaces only, replace the tab with spaces"
    if error.context == "while scanning a quoted scalar" and "end of stream" in problem:
        return "YAML syntax error: this quote is never closed; add the closing quote"
    context = f" {error.context}" if error.context else ""
    return f"YAML syntax error:{context} {problem}".replace("  ", " ")


def _once(problems: list[Problem]) -> list[Problem]:
    """Each problem once per place: a node reached through many aliases fails alike each time."""
    first: dict[tuple[int, int, str], Problem] = {}
    for problem in problems:
        first.setdefault((problem.line, problem.column, problem.message), problem)
    return list(first.values())


def _check_references(values: dict, ctx: Context, base: Path | None) -> None:
    """Checks the schema cannot: unique ids and references to ids that exist."""
    def problem(path: str, message: str) -> None:
        line, column = ctx.positions.get(path, (1, 1))
        ctx.problems.append(Problem(ctx.file, line, column, path, message))

    try:
        locale_tag.parse(values["session"]["language"])
    except locale_tag.BadTag as error:  # it names the output folder: a tag, or nothing
        problem("session.language", str(error))
    documents = values.get("documents", [])
    quotes = {f"{d['id']}/{q}" for d in documents for q, _ in d.get("quotes", [])}
    _unique(documents, "documents", problem)
    _unique(values["clusters"], "clusters", problem)
    _unique(values["agenda"], "agenda", problem)
    doc_ids = [d["id"] for d in documents]
    for cluster, cluster_path in zip(values["clusters"], _item_paths(values["clusters"], "clusters")):
        _unique(cluster["cases"], f"{cluster_path}.cases", problem)
        cases = cluster["cases"]
        for case, case_path in zip(cases, _item_paths(cases, f"{cluster_path}.cases")):
            for index, ref in enumerate(case.get("documents", [])):
                if ref not in doc_ids:
                    problem(f"{case_path}.documents[{index}]", _dangling("document", ref, doc_ids))
            for index, ref in enumerate(case.get("quotes", [])):
                if ref not in quotes:
                    problem(f"{case_path}.quotes[{index}]", _dangling("quote", ref, sorted(quotes)))
            if "file" in case.get("image", {}):
                case["image"]["file"] = _check_file(case["image"]["file"], base, f"{case_path}.image.file",
                                                    problem, safe_files.IMAGE)
    cluster_ids = [c["id"] for c in values["clusters"]]
    count = values["groups"].get("count")
    assignment = values["groups"].get("assignment", [])
    for group, chosen in assignment:
        if count is not None and not (group.isdigit() and 1 <= int(group) <= count):
            problem(f"groups.assignment[{group}]", f"'{group}' is not a group number; "
                    f"number the groups 1 to {count}")
        for index, ref in enumerate(chosen):
            if ref not in cluster_ids:
                problem(f"groups.assignment[{group}][{index}]", _dangling("cluster", ref, cluster_ids))
    given = {group for group, _ in assignment}
    missing = [str(n) for n in range(1, (count or 0) + 1) if str(n) not in given]
    if assignment and missing:
        problem("groups.assignment", f"no clusters given for group {', '.join(missing)}; "
                "an assignment names every group's clusters")
    each = values["groups"].get("clusters_each")
    for block, block_path in zip(values["agenda"], _item_paths(values["agenda"], "agenda")):
        if "file" in block:
            block["file"] = _check_file(block["file"], base, f"{block_path}.file", problem)
        if "file" in block.get("image", {}):
            block["image"]["file"] = _check_file(block["image"]["file"], base, f"{block_path}.image.file",
                                                 problem, safe_files.IMAGE)
        if block["kind"] == GROUP_WORK:
            _check_group_work(block, each, block_path, problem)


def _check_group_work(block: dict, each: int | None, path: str, problem) -> None:
    """Group work's minutes as trainers plan them: a total, minutes per cluster, or both when they agree."""
    total, per_cluster = block.get("minutes"), block.get("minutes_per_cluster")
    if total is None and per_cluster is None or each is None:
        return  # reported by the format (format.py: any_of), as is a missing groups.clusters_each
    if total is not None and per_cluster is not None and per_cluster * each > total:
        problem(f"{path}.minutes", f"{total} min in all cannot hold {each} clusters of {per_cluster} min "
                f"({per_cluster * each} min); raise minutes to at least {per_cluster * each} or lower "
                "minutes_per_cluster")
    elif total is not None and total < each:
        problem(f"{path}.minutes", f"{total} min cannot be shared over {each} clusters; "
                f"give at least {each} min")


def _item_paths(items: list[dict], path: str) -> list[str]:
    """The key path of each item as schema.Seq records it: by id, by index once an id repeats."""
    seen: set[str] = set()
    paths = []
    for index, item in enumerate(items):
        paths.append(f"{path}[{index if item['id'] in seen else item['id']}]")
        seen.add(item["id"])
    return paths


def _unique(items: list[dict], path: str, problem) -> None:
    # A repeat is reported at its own path (by index), so at its own line, not the first one's.
    seen: set[str] = set()
    for item, item_path in zip(items, _item_paths(items, path)):
        if item["id"] in seen:
            problem(item_path, f"duplicate id '{item['id']}'; every id in "
                    f"{path.rsplit('.', 1)[-1]} must be different")
        seen.add(item["id"])


def _dangling(what: str, ref: str, known: list[str]) -> str:
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known) or 'none'}"
    return f"no {what} with id '{ref}'; {hint}"


def _check_file(ref: str, base: Path | None, path: str, problem, kind=safe_files.VIDEO) -> str:
    """A video's or picture's file checked under the media rules of deck/safe_files.py; its name as on disk.

    The name on disk may differ from ref by Unicode normalization alone (a name typed
    as é, stored as e and an accent by a Mac's unzip): the renderers open that one.
    """
    if base is None:
        return ref
    ref = safe_files.on_disk(ref, base)
    why = safe_files.media(ref, base, kind)
    if why is None and kind is safe_files.IMAGE:
        found = picture_files.problem(base / ref)  # an SVG is read whole, as the hostile XML it may be
        why = found and f"'{ref}' {found}"
    if why:
        problem(path, why)
    return ref


def _items(pairs: list[tuple[str, str]] | None) -> tuple[Item, ...]:
    return tuple(Item(key, text) for key, text in pairs or ())


def _session(values: dict[str, Any], source: Source) -> Session:
    return Session(
        meta=Meta(**values["session"]),
        documents=tuple(Document(id=d["id"], title=d["title"], summary=d.get("summary"),
                                 quotes=_items(d.get("quotes"))) for d in values.get("documents", [])),
        clusters=tuple(Cluster(c["id"], c["title"], tuple(_case(k) for k in c["cases"]), c.get("minutes"))
                       for c in values["clusters"]),
        groups=_groups(values["groups"]),
        agenda=tuple(_block(b, values["groups"]["clusters_each"]) for b in values["agenda"]),
        source=source,
    )


def _case(values: dict[str, Any]) -> Case:
    return Case(
        id=values["id"], dilemma=values["dilemma"], options=_items(values["options"]),
        questions=_items(values.get("questions")), tension=values.get("tension"),
        documents=tuple(values.get("documents", ())),
        quotes=tuple(QuoteRef(*ref.split("/", 1)) for ref in values.get("quotes", ())),
        notes=values.get("notes"),
        image=Picture(**values["image"]) if values.get("image") else None,
    )


def _groups(values: dict[str, Any]) -> Groups:
    assignment = values.get("assignment")
    return Groups(
        count=values["count"], clusters_each=values["clusters_each"],
        assignment=None if assignment is None else tuple(
            tuple(chosen) for _, chosen in sorted(assignment, key=lambda pair: int(pair[0]))),
    )


def _block(values: dict[str, Any], each: int) -> Block:
    fields = dict(values)
    fields["points"] = _items(fields.get("points"))
    if fields.get("image"):
        fields["image"] = Picture(**fields["image"])
    if fields["kind"] == GROUP_WORK:  # the one missing derived from the other (checked: one is given)
        if fields.get("minutes_per_cluster") is None:
            fields["minutes_per_cluster"] = fields["minutes"] // each
        if fields.get("minutes") is None:
            fields["minutes"] = fields["minutes_per_cluster"] * each
    return Block(**{k: v for k, v in fields.items() if v is not None})
