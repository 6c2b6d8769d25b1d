"""The groups' answers, as `collect` writes them (answers.csv, answers.json) and `build --answers` reads them.

Plain data, free of any PDF library: collect.py fills it from the filled
worksheets, the renderers read it for the debrief.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import DeckError
from .model import Case, Session

ANSWERS_JSON = "answers.json"
ANSWERS_CSV = "answers.csv"
FORMAT = 1
OTHER_CHOICE = "other"  # in `choice`: the group ticked or wrote "something else"


@dataclass(frozen=True)
class CaseAnswer:
    """One group's answer to one case."""

    cluster: str
    case: str
    choices: tuple[str, ...] = ()  # option ids ticked, in the case's order
    other: str = ""                # the "something else" text
    other_ticked: bool = False
    notes: str = ""                # the group's arguments
    questions: tuple[tuple[str, str], ...] = ()  # (question id, answer)

    @property
    def chose_other(self) -> bool:
        return self.other_ticked or bool(self.other.strip())

    @property
    def choice(self) -> str:
        """The choice column: option ids joined by ';', with 'other' for something else; empty for none."""
        return ";".join([*self.choices, *([OTHER_CHOICE] if self.chose_other else [])])

    @property
    def empty(self) -> bool:
        return not (self.choices or self.chose_other or self.notes.strip()
                    or any(text.strip() for _, text in self.questions))

    def answer(self, question: str) -> str:
        return dict(self.questions).get(question, "")


@dataclass(frozen=True)
class GroupAnswers:
    """What one group sent back: its answers per case, from which file, in which locale."""

    group: int
    cases: tuple[CaseAnswer, ...]
    source: str = ""   # the file its answers came from; empty when it sent none
    locale: str = ""

    @property
    def sent_nothing(self) -> bool:
        return all(answer.empty for answer in self.cases)

    def case(self, cluster: str, case: str) -> CaseAnswer | None:
        return next((a for a in self.cases if a.cluster == cluster and a.case == case), None)


@dataclass(frozen=True)
class Answers:
    """Every group's answers to a session, as collected."""

    session: str
    structure: str
    groups: tuple[GroupAnswers, ...]

    def group(self, number: int) -> GroupAnswers | None:
        return next((g for g in self.groups if g.group == number), None)

    def for_case(self, cluster: str, case: str) -> list[tuple[int, CaseAnswer | None]]:
        """(group, its answer or None when it sent nothing) for each group that works on the case."""
        found = []
        for group in self.groups:
            answer = group.case(cluster, case)
            if answer is not None:
                found.append((group.group, None if group.sent_nothing else answer))
        return found


def question_ids(session: Session) -> list[str]:
    """Every follow-up question id of the session, in order of first appearance: the CSV's columns."""
    return list(dict.fromkeys(q.id for cluster in session.clusters for case in cluster.cases
                              for q in case.questions))


def tally(case: Case, answers: list[tuple[int, CaseAnswer | None]]) -> dict[str, list[int]]:
    """Which groups chose each option of case (by id, then OTHER_CHOICE), in the case's order."""
    chosen: dict[str, list[int]] = {option.id: [] for option in case.options}
    chosen[OTHER_CHOICE] = []
    for group, answer in answers:
        if answer is None:
            continue
        for option in answer.choices:
            chosen.setdefault(option, []).append(group)
        if answer.chose_other:
            chosen[OTHER_CHOICE].append(group)
    return chosen


# -- files ---------------------------------------------------------------------

def to_csv(answers: Answers, session: Session) -> bytes:
    """answers.csv: one row per group and case; UTF-8 with a BOM, so Excel reads the accents right."""
    questions = question_ids(session)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["group", "cluster", "case", "choice", "other", "notes", *(f"question:{q}" for q in questions)])
    for group in answers.groups:
        for answer in group.cases:
            writer.writerow([group.group, answer.cluster, answer.case, answer.choice, answer.other, answer.notes,
                             *(answer.answer(q) for q in questions)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def to_json(answers: Answers) -> bytes:
    """answers.json: the same as the CSV, with the session, its structure digest and each group's source."""
    data = {"format": FORMAT, "session": answers.session, "structure": answers.structure, "groups": [
        {"group": g.group, "source": g.source, "locale": g.locale, "sent_nothing": g.sent_nothing,
         "cases": [{"cluster": a.cluster, "case": a.case, "choice": a.choice, "choices": list(a.choices),
                    "other_ticked": a.other_ticked, "other": a.other, "notes": a.notes,
                    "questions": dict(a.questions)} for a in g.cases]}
        for g in answers.groups]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_answers(path: Path) -> Answers:
    """answers.json as collect wrote it; DeckError saying what is wrong otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        groups = tuple(
            GroupAnswers(int(g["group"]), tuple(
                CaseAnswer(str(a["cluster"]), str(a["case"]), tuple(map(str, a.get("choices", []))),
                           str(a.get("other", "")), bool(a.get("other_ticked")), str(a.get("notes", "")),
                           tuple((str(k), str(v)) for k, v in (a.get("questions") or {}).items()))
                for a in g["cases"]), str(g.get("source", "")), str(g.get("locale", "")))
            for g in data["groups"])
        return Answers(str(data["session"]), str(data["structure"]), groups)
    except OSError as error:
        raise DeckError(f"{path}: cannot read the answers: {error.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DeckError(f"{path}: not an answers file written by collect ({error}); collect the worksheets "
                        "again") from None
