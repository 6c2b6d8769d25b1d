"""Filling worksheets as groups do, with two independent fillers: pypdf, and pdftk-java's fill_form."""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from deck.session import Planned
from deck.structure import OTHER, notes_field, option_field, other_field, question_field

# Dutch, with accents and the typography people type: what must come back exactly.
OTHER_TEXTS = ["Eerst overleggen met de leidinggevende, daarna beslissen", "Niets doen – het is privé",
               "Een gesprek met de betrokkene: ‘wat bedoel je?’", "Reageren met een neutrale uitleg, één keer"]
NOTES = ["Loyaliteit weegt zwaarder dan het spreekrecht; de reputatie van de organisatie speelt mee.",
         "We twijfelden: enerzijds de privacy, anderzijds het imago. Geen consensus.",
         "Café-gesprek of officieel kanaal? We kozen ‘officieel’ — zo is het controleerbaar.",
         "De deontologische code is duidelijk: neutraal blijven (€0 kosten, maar veel gedoe)."]


@dataclass(frozen=True)
class Expected:
    """One group's answer to one case, as a filler puts it in and collect should read it back."""

    group: int
    cluster: str
    case: str
    choices: tuple[str, ...]
    other: str
    notes: str
    questions: dict[str, str]

    @property
    def choice(self) -> str:
        return ";".join([*self.choices, *(["other"] if self.other else [])])


def known_answers(planned: Planned, silent: tuple[int, ...] = ()) -> list[Expected]:
    """A different answer for every group and case: one option, two options, or something else with a text;
    the groups in silent answer nothing."""
    found = []
    for group in planned.plan.groups:
        if group.number in silent:
            continue
        index = 0
        for cluster_id in group.clusters:
            for case in planned.session.cluster(cluster_id).cases:
                n = group.number + index
                options = [o.id for o in case.options]
                kind = n % 3
                choices = (options[n % len(options)],) if kind == 0 else (
                    (options[0], options[-1]) if kind == 1 else ())
                other = OTHER_TEXTS[n % len(OTHER_TEXTS)] if kind == 2 else ""
                questions = {q.id: f"Groep {group.number} over {q.id}: ja, maar één voorwaarde."
                             for q in case.questions}
                found.append(Expected(group.number, cluster_id, case.id, choices, other,
                                      NOTES[n % len(NOTES)], questions))
                index += 1
    return found


def field_values(expected: list[Expected], groups: set[int] | None = None) -> dict[str, str]:
    """Field name -> value as a filler sets it: checkboxes their option id (a PDF name), texts their text."""
    values = {}
    for e in expected:
        if groups is not None and e.group not in groups:
            continue
        for option in e.choices:
            values[option_field(e.group, e.cluster, e.case, option)] = f"/{option}"
        if e.other:
            values[option_field(e.group, e.cluster, e.case, OTHER)] = f"/{OTHER}"
            values[other_field(e.group, e.cluster, e.case)] = e.other
        values[notes_field(e.group, e.cluster, e.case)] = e.notes
        for question, text in e.questions.items():
            values[question_field(e.group, e.cluster, e.case, question)] = text
    return values


def fill_pypdf(source: Path, target: Path, values: dict[str, str]) -> Path:
    """source filled with values by pypdf, as a script or a web form service would."""
    writer = PdfWriter(clone_from=source)
    for page in writer.pages:
        names = {annot.get_object().get("/T") for annot in page.get("/Annots", []) or []}
        if names:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    writer.write(target)
    return target


def pdftk() -> str:
    """The pdftk command; skips without it, but fails on CI."""
    found = shutil.which("pdftk")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdftk is missing on CI; .ci/run must install pdftk-java")
        pytest.skip("pdftk is not installed (apt-get install pdftk-java)")
    return found


def fill_pdftk(source: Path, target: Path, values: dict[str, str]) -> Path:
    """source filled with values by pdftk-java's fill_form from an FDF file, texts as UTF-16 strings."""
    fields = " ".join(f"<< /T {_fdf_string(name)} /V {value if value.startswith('/') else _fdf_string(value)} >>"
                      for name, value in values.items())
    fdf = target.with_suffix(".fdf")
    fdf.write_bytes(f"%FDF-1.2\n1 0 obj << /FDF << /Fields [ {fields} ] >> >> endobj\n"
                    "trailer << /Root 1 0 R >>\n%%EOF\n".encode("ascii"))
    subprocess.run([pdftk(), str(source), "fill_form", str(fdf), "output", str(target)], check=True,
                   capture_output=True, timeout=120)
    return target


def _fdf_string(text: str) -> str:
    return "<" + ("\ufeff" + text).encode("utf-16-be").hex().upper() + ">"


def groups_in(path: Path) -> set[int]:
    """The group numbers whose fields a PDF has."""
    return {int(name.split(".")[0][1:]) for name in PdfReader(path).get_fields() or {}}
