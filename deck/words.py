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
