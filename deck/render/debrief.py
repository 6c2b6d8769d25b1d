"""The groups' answers in the debrief, as words: the notes of a case, its chart's data, the run sheet's page.

Pure composition, shared by the deck (render/slides.py, render/results.py)
and the run sheet (render/debrief_page.py); no office or PDF library here.
Everything is in the locale being built: options by their letter and their
text in that locale, the tool's words through deck/words.py. What the groups
wrote is shown as they wrote it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..answers import OTHER_CHOICE, Answers, CaseAnswer, tally
from ..labels import option_letter
from ..model import Case
from ..words import Words


@dataclass(frozen=True)
class Chart:
    """A results chart: a bar per option (and something else), the count of groups, and its alt text."""

    categories: tuple[str, ...]  # option letters, then the word for something else
    values: tuple[int, ...]
    series: str
    alt: str


def _labels(case: Case, words: Words) -> dict[str, tuple[str, str]]:
    """option id (and OTHER_CHOICE) -> (letter, text)."""
    labels = {o.id: (option_letter(n), o.text) for n, o in enumerate(case.options)}
    labels[OTHER_CHOICE] = (words("something_else"), "")
    return labels


def choice_text(case: Case, answer: CaseAnswer, words: Words) -> str:
    """What a group chose, as "A (text)" items in running text; "nothing ticked" for nothing."""
    labels = _labels(case, words)
    items = [f"{labels[o][0]} ({labels[o][1]})" for o in answer.choices if o in labels]
    if answer.chose_other:
        items.append(labels[OTHER_CHOICE][0])
    return words.join(items) if items else words("nothing_chosen")


def _short(case: Case, answer: CaseAnswer, words: Words) -> str:
    """A choice by letters only: "A and C", "Something else"."""
    labels = _labels(case, words)
    items = [labels[o][0] for o in answer.choices if o in labels]
    if answer.chose_other:
        items.append(labels[OTHER_CHOICE][0])
    return words.join(items) if items else words("nothing_chosen")


def group_lines(case: Case, answers: Answers, cluster: str, words: Words) -> list[tuple[int, str | None, list[str]]]:
    """Per group that works on the case: (group, its choice in words or None when it sent nothing, what it wrote)."""
    lines = []
    for group, answer in answers.for_case(cluster, case.id):
        if answer is None:
            lines.append((group, None, []))
            continue
        written = []
        if answer.other:
            written.append(words("answer_other", text=answer.other))
        if answer.notes:
            written.append(words("answer_arguments", text=answer.notes))
        questions = {q.id: q.text for q in case.questions}
        written += [words("answer_question", question=questions.get(qid, qid), text=text)
                    for qid, text in answer.questions if text]
        lines.append((group, choice_text(case, answer, words), written))
    return lines


def agreement(case: Case, answers: Answers, cluster: str, words: Words) -> list[str]:
    """Which groups agreed and where they differed: groups with the same choice together, the rest alone."""
    together: dict[tuple, list[int]] = {}
    shown: dict[tuple, str] = {}
    for group, answer in answers.for_case(cluster, case.id):
        if answer is None or not answer.choice:
            continue
        key = (answer.choices, answer.chose_other)
        together.setdefault(key, []).append(group)
        shown[key] = _short(case, answer, words)
    if not together:
        return []
    if len(together) == 1 and len(next(iter(together.values()))) > 1:
        return [words("all_agreed", choice=next(iter(shown.values())))]
    return [words("agreed", groups=words.join([str(g) for g in groups]), choice=shown[key]) if len(groups) > 1
            else words("alone", n=groups[0], choice=shown[key])
            for key, groups in together.items()]


def case_notes(case: Case, answers: Answers, cluster: str, words: Words) -> str:
    """The answers part of a case's debrief notes: a heading, who agreed, then each group."""
    lines = [f"{words('answers_heading')}:", *agreement(case, answers, cluster, words)]
    for group, choice, written in group_lines(case, answers, cluster, words):
        if choice is None:
            lines.append(words("sent_nothing", n=group))
        else:
            lines.append(words("answer_choice", n=group, choice=choice))
            lines += [f"  {text}" for text in written]
    return "\n".join(lines)


def chart(case: Case, answers: Answers, cluster: str, words: Words) -> Chart:
    """The chart of how the groups that work on the case chose, with alt text saying the same in words."""
    given = answers.for_case(cluster, case.id)
    counts = tally(case, given)
    labels = _labels(case, words)
    keys = [o.id for o in case.options] + [OTHER_CHOICE]
    values = tuple(len(counts[k]) for k in keys)
    counted = "; ".join(words("chart_count", letter=labels[k][0], text=labels[k][1], n=len(counts[k]))
                        if labels[k][1] else words("count_of", label=labels[k][0], n=len(counts[k])) for k in keys)
    answered = sum(1 for _, answer in given if answer is not None)
    alt = words("chart_alt", answered=answered, groups=len(given), counts=counted)
    silent = [words("sent_nothing", n=group) for group, answer in given if answer is None]
    return Chart(tuple(labels[k][0] for k in keys), values, words("results_series"), " ".join([alt, *silent]))
