"""The tool's own words (labels, derived notes) in the languages it speaks.

Content is translated by the trainer's catalogs; these few phrases belong to
the tool. Looked up by the language part of the locale tag, English when the
language is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "continued": "{title} (continued)",
        "group": "Group {n}",
        "groups_and": "{first} and {last}",
        "minutes": "{n} min",
        "duration": "Time: {minutes}",
        "duration_clock": "Time: {minutes} ({start}–{end})",
        "cluster_time": "Debrief of this cluster: {minutes} ({start}–{end})",
        "cluster_time_plain": "Debrief of this cluster: {minutes}",
        "case_of": "Case {n} of {total} in this cluster.",
        "worked_on": "Worked on by groups {groups}.",
        "presents": "Group {n} presents this cluster.",
        "tension": "Tension: {text}",
        "guides": "Guiding documents: {titles}",
        "quote": "{title}: “{text}”",
        "group_takes": "Group {n}: clusters {clusters}",
        "group_presents": "presents {cluster}",
        "time_box": "{total} in groups ({each} per cluster)",
        "setup": "{groups} groups, {each} clusters each.",
        "video_link": "Video: {url}",
        "notes": "Notes",
        "summary_of": "{title}: {summary}",
        "worksheet": "Worksheet",
        "group_page": "Group {n}, page {x} of {y}",
        "page_of": "Page {x} of {y}",
        "your_clusters": "Your clusters",
        "time_box_sheet": "Time: {each} per cluster, {total} in all.",
        "you_present": "In the plenary you present: {clusters}.",
        "you_present_none": "In the plenary another group presents your clusters: add what you found.",
        "instructions": "What to do",
        "case_n": "Case {n}",
        "tick": "Tick your group's answer.",
        "other": "Other:",
        "arguments": "Notes and arguments",
        "run_sheet": "Run sheet",
        "agenda": "Agenda",
        "col_block": "Block",
        "col_minutes": "Minutes",
        "col_time": "Time",
        "total": "Total",
        "groups": "Groups",
        "col_group": "Group",
        "col_clusters": "Works on",
        "col_presents": "Presents",
        "cases": "Cases",
        "col_case": "Case",
        "col_tension": "Tension",
        "col_guides": "Guiding documents",
        "materials": "Materials",
        "mat_worksheets": "Worksheets for {count} groups (worksheets.pdf, one set per group)",
        "mat_video": "The video: {title}",
        "mat_document": "{title}, printed for every group",
        "kind_title": "Welcome",
        "kind_group_work": "Group work",
        "kind_video": "Video",
        "kind_debrief": "Plenary debrief",
        "kind_documents": "Guiding documents",
        "kind_points": "Tips",
        "presented_by": "presented by group {n}",
    },
    "nl": {
        "continued": "{title} (vervolg)",
        "group": "Groep {n}",
        "groups_and": "{first} en {last}",
        "minutes": "{n} min.",
        "duration": "Duur: {minutes}",
        "duration_clock": "Duur: {minutes} ({start}–{end})",
        "cluster_time": "Bespreking van deze cluster: {minutes} ({start}–{end})",
        "cluster_time_plain": "Bespreking van deze cluster: {minutes}",
        "case_of": "Casus {n} van {total} in deze cluster.",
        "worked_on": "Groepen {groups} werkten aan deze cluster.",
        "presents": "Groep {n} stelt deze cluster plenair voor.",
        "tension": "Spanningsveld: {text}",
        "guides": "Houvast: {titles}",
        "quote": "{title}: “{text}”",
        "group_takes": "Groep {n}: clusters {clusters}",
        "group_presents": "stelt {cluster} voor",
        "time_box": "{total} in groep ({each} per cluster)",
        "setup": "{groups} groepen, elk {each} clusters.",
        "video_link": "Filmpje: {url}",
        "notes": "Notities",
        "summary_of": "{title}: {summary}",
        "worksheet": "Werkblad",
        "group_page": "Groep {n}, pagina {x} van {y}",
        "page_of": "Pagina {x} van {y}",
        "your_clusters": "Jullie clusters",
        "time_box_sheet": "Tijd: {each} per cluster, {total} in totaal.",
        "you_present": "In de plenaire bespreking stellen jullie voor: {clusters}.",
        "you_present_none": "In de plenaire bespreking stelt een andere groep jullie clusters voor: vul hen aan.",
        "instructions": "Opdracht",
        "case_n": "Casus {n}",
        "tick": "Kruis het antwoord van jullie groep aan.",
        "other": "Iets anders:",
        "arguments": "Notities en argumenten",
        "run_sheet": "Draaiboek",
        "agenda": "Agenda",
        "col_block": "Onderdeel",
        "col_minutes": "Minuten",
        "col_time": "Tijd",
        "total": "Totaal",
        "groups": "Groepen",
        "col_group": "Groep",
        "col_clusters": "Werkt aan",
        "col_presents": "Stelt voor",
        "cases": "Casussen",
        "col_case": "Casus",
        "col_tension": "Spanningsveld",
        "col_guides": "Houvast",
        "materials": "Materiaal",
        "mat_worksheets": "Werkbladen voor {count} groepen (worksheets.pdf, één set per groep)",
        "mat_video": "Het filmpje: {title}",
        "mat_document": "{title}, afgedrukt voor elke groep",
        "kind_title": "Welkom",
        "kind_group_work": "Groepswerk",
        "kind_video": "Filmpje",
        "kind_debrief": "Plenaire bespreking",
        "kind_documents": "Houvast",
        "kind_points": "Tips",
        "presented_by": "voorgesteld door groep {n}",
    },
}


@dataclass(frozen=True)
class Words:
    """The tool's phrases for one locale."""

    locale: str

    def __call__(self, key: str, **values: object) -> str:
        table = _WORDS.get(self.locale.split("-")[0].lower(), _WORDS["en"])
        return table.get(key, _WORDS["en"][key]).format(**values)

    def minutes(self, n: int) -> str:
        return self("minutes", n=n)

    def join(self, items: list[str]) -> str:
        """A list in running text: 'a, b and c'."""
        if len(items) < 2:
            return "".join(items)
        return self("groups_and", first=", ".join(items[:-1]), last=items[-1])
