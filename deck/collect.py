"""The library call behind `collect`: read the groups' filled worksheets, check them, write their answers.

Which session, version, groups and locale a PDF holds comes from the tag the
worksheets carry (deck/structure.py); a PDF whose reader dropped the tag is
recognised by its field names. Every problem with every file is gathered and
reported at once; nothing is written then.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .answers import ANSWERS_CSV, ANSWERS_JSON, Answers, CaseAnswer, GroupAnswers, tally, to_csv, to_json
from .errors import DeckError
from .labels import option_letter
from .model import Case
from .output import commit, staged, write_atomic
from .pdfform import Box, FilledForm, UnreadablePdf, read_form
from .session import Planned, open_session
from .structure import (OTHER, Structure, case_key, notes_field, option_field, other_field, question_field)

_GROUP_FIELD = re.compile(r"g(\d+)\.")


class CollectError(DeckError):
    """Every problem found in the files given to collect, reported together."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        count = len(problems)
        super().__init__("\n".join([*problems, f"{count} problem{'s' if count != 1 else ''} found; "
                                               "nothing was written"]))


@dataclass(frozen=True)
class Source:
    """Which groups' answers were taken from one file, and in which locale it was made."""

    path: Path
    groups: tuple[int, ...]
    locale: str


@dataclass(frozen=True)
class Collected:
    """What collect read and wrote."""

    planned: Planned
    answers: Answers
    written: tuple[Path, ...]
    sources: tuple[Source, ...]
    warnings: tuple[str, ...] = field(default=())


def collect(content: Path, pdfs: list[Path], out: Path | None = None, last_wins: bool = False) -> Collected:
    """Read the filled worksheets pdfs of the session at content; write answers.csv and answers.json.

    They go into out, or beside the session. Raises CollectError with every
    problem at once (nothing written); what only deserves a word (a group that
    sent nothing, a value matching no option) comes back in warnings.
    """
    planned = open_session(content)
    structure = Structure.of(planned)
    problems: list[str] = []
    warnings: list[str] = []
    claims: dict[int, list[tuple[Path, GroupAnswers, bool]]] = {}  # group -> (file, answers, shares the file)
    for path in pdfs:
        try:
            form = read_form(path)
        except UnreadablePdf as error:
            problems.append(str(error))
            continue
        groups = _identify(form, planned, structure, problems, warnings)
        for number in groups:
            answers = _read_group(form, planned, number, warnings)
            claims.setdefault(number, []).append((path, answers, len(groups) > 1))
    chosen = _choose(claims, last_wins, problems, warnings)
    if problems:
        raise CollectError(problems)
    answers = _answers(planned, structure, chosen, warnings)
    target = out or Path(content).parent
    with staged() as files:
        write_atomic(target / ANSWERS_CSV, to_csv(answers, planned.session))
        write_atomic(target / ANSWERS_JSON, to_json(answers))
    commit(files)
    sources = tuple(Source(Path(g.source), (g.group,), g.locale) for g in answers.groups if g.source)
    return Collected(planned, answers, (target / ANSWERS_CSV, target / ANSWERS_JSON), sources, tuple(warnings))


# -- which session, version and groups a file holds ---------------------------------

def _identify(form: FilledForm, planned: Planned, structure: Structure, problems: list[str],
              warnings: list[str]) -> list[int]:
    """The group numbers whose answers form holds; [] with a problem noted when it cannot be read as such."""
    session_id = planned.session.meta.id
    path, tag = form.path, form.tag
    numbers = sorted({int(m.group(1)) for name in form.names for m in [_GROUP_FIELD.match(name)] if m})
    count = len(planned.plan.groups)
    if tag is None and not numbers:
        problems.append(f"{path}: not a worksheet of this tool (it has no worksheet form fields); "
                        "pass the filled group-N.pdf or worksheets.pdf files")
        return []
    if tag is not None:
        if tag.get("session") != session_id:
            problems.append(f"{path}: a worksheet of the session '{tag.get('session')}', not of '{session_id}' "
                            f"({planned.session.source.path}); collect it with its own session file")
            return []
        tagged = [n for n in tag.get("groups", []) if isinstance(n, int)]
        if not numbers:
            problems.append(f"{path}: a worksheet of groups {_numbers(tagged)} without its form fields: it was "
                            "printed to PDF or flattened; ask for the filled form itself (File > Save)")
            return []
        if tag.get("structure") != structure.digest:
            changes = _changes(tag, structure)
            if changes:
                problems.append(f"{path}: made from another version of '{session_id}': {'; '.join(changes)}. "
                                "Collect it with the session file it was built from, or have the groups fill "
                                "the worksheets built now")
                return []
            warnings.append(f"{path}: made from an earlier version of '{session_id}'; its own cases are "
                            "unchanged, so its answers are read")
        numbers = sorted(set(numbers) & set(tagged)) or tagged
    else:
        warnings.append(f"{path}: carries no tag (the program that saved it dropped it); recognised by its "
                        "field names")
    outside = [n for n in numbers if not 1 <= n <= count]
    if outside:
        problems.append(f"{path}: has fields of group{'s' if len(outside) > 1 else ''} {_numbers(outside)}, "
                        f"but '{session_id}' has {count} groups: a worksheet of another version")
        return []
    if tag is None:
        wrong = _field_changes(form, planned, numbers)
        if wrong:
            problems.append(f"{path}: its fields do not match '{session_id}' as it is now: {'; '.join(wrong)}")
            return []
    return numbers


def _changes(tag: dict, structure: Structure) -> list[str]:
    """What differs between the session a sheet was made from and the session now, for the sheet's groups."""
    sheet_cases = tag.get("cases") or {}
    changes = []
    for number, clusters in sorted((tag.get("assignment") or {}).items(), key=lambda item: int(item[0])):
        index = int(number) - 1
        now = list(structure.assignment[index]) if 0 <= index < len(structure.assignment) else []
        if list(clusters) != now:
            changes.append(f"group {number} now works on {', '.join(now) or 'nothing'} "
                           f"(the sheet has {', '.join(clusters)})")
    changed = [key for key, digest in sheet_cases.items() if key in structure.cases and structure.cases[key] != digest]
    removed = [key for key in sheet_cases if key not in structure.cases]
    clusters = {key.split("/")[0] for key in sheet_cases}
    added = [key for key in structure.cases if key.split("/")[0] in clusters and key not in sheet_cases]
    changes += [f"case {key} has other options or questions" for key in changed]
    changes += [f"case {key} is gone" for key in removed]
    changes += [f"case {key} is new" for key in added]
    return changes


def _field_changes(form: FilledForm, planned: Planned, numbers: list[int]) -> list[str]:
    """For a sheet without its tag: the cases whose fields differ from the session's, by name."""
    found = form.names
    wanted = {name for number in numbers for name in _expected(planned, number)}
    cases = sorted({".".join(name.split(".")[1:3]).replace(".", "/", 1) for name in found ^ wanted
                    if _GROUP_FIELD.match(name)})
    return [f"case {key} has other fields" for key in cases]


def _expected(planned: Planned, number: int) -> list[str]:
    """The names of every field on group number's sheet."""
    group = planned.plan.groups[number - 1]
    names = []
    for cluster_id in group.clusters:
        for case in planned.session.cluster(cluster_id).cases:
            names += [option_field(number, cluster_id, case.id, o.id) for o in case.options]
            names += [option_field(number, cluster_id, case.id, OTHER), other_field(number, cluster_id, case.id),
                      notes_field(number, cluster_id, case.id)]
            names += [question_field(number, cluster_id, case.id, q.id) for q in case.questions]
    return names


def _numbers(numbers) -> str:
    return ", ".join(map(str, numbers))


# -- reading one group's answers -------------------------------------------------

def _read_group(form: FilledForm, planned: Planned, number: int, warnings: list[str]) -> GroupAnswers:
    group = planned.plan.groups[number - 1]
    cases = tuple(_read_case(form, number, cluster_id, case, warnings)
                  for cluster_id in group.clusters for case in planned.session.cluster(cluster_id).cases)
    locale = str((form.tag or {}).get("locale", ""))
    return GroupAnswers(number, cases, str(form.path), locale)


def _read_case(form: FilledForm, number: int, cluster: str, case: Case, warnings: list[str]) -> CaseAnswer:
    chosen = [o.id for o in case.options
              if _ticked(form, option_field(number, cluster, case.id, o.id), o.id, warnings)]
    other_ticked = _ticked(form, option_field(number, cluster, case.id, OTHER), OTHER, warnings)
    text = form.texts.get
    return CaseAnswer(cluster, case.id, tuple(chosen), text(other_field(number, cluster, case.id), "").strip(),
                      other_ticked, text(notes_field(number, cluster, case.id), "").strip(),
                      tuple((q.id, text(question_field(number, cluster, case.id, q.id), "").strip())
                            for q in case.questions))


def _ticked(form: FilledForm, name: str, value: str, warnings: list[str]) -> bool:
    box: Box | None = form.boxes.get(name)
    if box is None or box.state is None:
        return False
    if box.state == value:
        return True
    warnings.append(f"{form.path}: field {name}: the value '{box.state}' matches no option (was the PDF "
                    f"edited?); not counted")
    return False


# -- one file per group ----------------------------------------------------------

def _choose(claims: dict[int, list[tuple[Path, GroupAnswers, bool]]], last_wins: bool, problems: list[str],
            warnings: list[str]) -> dict[int, GroupAnswers]:
    """The answers taken for each group: one file each, or the last one given with last_wins."""
    chosen = {}
    for number, found in sorted(claims.items()):
        # A combined file's empty part for a group does not count against the group's own sheet.
        filled = [claim for claim in found if not (claim[2] and claim[1].sent_nothing)] or found[-1:]
        if len(filled) > 1 and not last_wins:
            problems.append(f"group {number} is in more than one file: {', '.join(str(c[0]) for c in filled)}; "
                            "pass only one, or --last-wins to take the last one given")
            continue
        if len(filled) > 1:
            warnings.append(f"group {number}: the answers of {filled[-1][0]} are taken (--last-wins), not "
                            f"those of {', '.join(str(c[0]) for c in filled[:-1])}")
        chosen[number] = filled[-1][1]
    return chosen


def _answers(planned: Planned, structure: Structure, chosen: dict[int, GroupAnswers],
             warnings: list[str]) -> Answers:
    """Every group's answers in group order; a group without any file gets empty ones."""
    groups = []
    for group in planned.plan.groups:
        answers = chosen.get(group.number)
        if answers is None:
            warnings.append(f"group {group.number} sent no answers (none of the files is its worksheet)")
            answers = GroupAnswers(group.number, tuple(
                CaseAnswer(cluster_id, case.id) for cluster_id in group.clusters
                for case in planned.session.cluster(cluster_id).cases))
        elif answers.sent_nothing:
            warnings.append(f"group {group.number} sent no answers ({answers.source} is not filled in)")
        groups.append(answers)
    return Answers(planned.session.meta.id, structure.digest, tuple(groups))


# -- the summary -------------------------------------------------------------------

def summary(collected: Collected) -> str:
    """Per case: how many groups chose each option (by letter), something else, or nothing."""
    session, answers = collected.planned.session, collected.answers
    widest = max((len(case.options) for cluster in session.clusters for case in cluster.cases), default=0)
    letters = [option_letter(n) for n in range(widest)]
    header = ["case", *letters, "other", "none"]
    rows = []
    for cluster in session.clusters:
        for case in cluster.cases:
            given = answers.for_case(cluster.id, case.id)
            counts = tally(case, given)
            cells = [str(len(counts[o.id])) for o in case.options] + ["-"] * (widest - len(case.options))
            rows.append([case_key(cluster.id, case.id), *cells, str(len(counts["other"])),
                         str(sum(1 for _, answer in given if answer is None or not answer.choice))])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
             for row in [header, *rows]]
    return "\n".join(line.rstrip() for line in lines)
