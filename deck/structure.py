"""What a worksheet's form is made of, and the tag that names it: shared by the worksheets and `collect`.

A filled worksheet comes back as a PDF; reading it needs to know which
session, which version of it, which groups and which locale it was made for.
The worksheets carry that as a tag in their document information (written by
render/worksheets.py) and `collect` reads it back (deck/collect.py). Neither
side imports a PDF library here.

The structure is what the form's fields depend on: the clusters, their cases,
the option and question ids, and which group works on which cluster. Texts
are left out on purpose, so mending a typo or translating does not make the
sheets already handed out unreadable; letters follow the option order, so
the order is in.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from .model import Case, Cluster
from .session import Planned

TAG_KEY = "DilemmaDeck"  # the custom key of the PDF document information holding the tag
TAG_VERSION = 1
OTHER = "_other"  # the "other" option's id; ids cannot start with "_", so no option takes it


def field_prefix(group: int, cluster: str, case: str) -> str:
    """The dotted name all of a case's fields on a group's sheet start with."""
    return f"g{group}.{cluster}.{case}"


def option_field(group: int, cluster: str, case: str, option: str) -> str:
    return f"{field_prefix(group, cluster, case)}.option.{option}"


def question_field(group: int, cluster: str, case: str, question: str) -> str:
    return f"{field_prefix(group, cluster, case)}.question.{question}"


def other_field(group: int, cluster: str, case: str) -> str:
    return f"{field_prefix(group, cluster, case)}.other"


def notes_field(group: int, cluster: str, case: str) -> str:
    return f"{field_prefix(group, cluster, case)}.notes"


def case_key(cluster: str, case: str) -> str:
    """How a case is named in the tag and in messages: cluster/case."""
    return f"{cluster}/{case}"


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def case_shape(cluster: Cluster, case: Case) -> dict:
    """What a case's fields are made of: its option ids in order (the letters) and its question ids."""
    return {"options": [o.id for o in case.options], "questions": [q.id for q in case.questions]}


@dataclass(frozen=True)
class Structure:
    """A session's form structure, digested: the whole, each case, the groups' clusters."""

    digest: str
    cases: dict[str, str]                 # cluster/case -> digest of its shape
    assignment: tuple[tuple[str, ...], ...]  # per group (1, 2, ...): its cluster ids

    @classmethod
    def of(cls, planned: Planned) -> "Structure":
        session = planned.session
        cases = {case_key(cluster.id, case.id): _digest(case_shape(cluster, case))
                 for cluster in session.clusters for case in cluster.cases}
        assignment = tuple(group.clusters for group in planned.plan.groups)
        order = [[cluster.id, [case.id for case in cluster.cases]] for cluster in session.clusters]
        return cls(_digest({"order": order, "cases": cases, "assignment": assignment}), cases, assignment)


def tag(planned: Planned, structure: Structure, locale: str, groups: list[int]) -> str:
    """The tag of a PDF holding the sheets of groups: JSON, keys sorted, so rebuilds give the same bytes.

    It holds the digest of each case on those sheets, so that a sheet of an
    older version can be told apart case by case.
    """
    clusters = {c for number in groups for c in structure.assignment[number - 1]}
    cases = {key: digest for key, digest in structure.cases.items() if key.split("/")[0] in clusters}
    return json.dumps({"version": TAG_VERSION, "session": planned.session.meta.id, "structure": structure.digest,
                       "locale": locale, "groups": groups, "cases": cases,
                       "assignment": {str(n): list(structure.assignment[n - 1]) for n in groups}},
                      sort_keys=True, ensure_ascii=True, separators=(",", ":"))
