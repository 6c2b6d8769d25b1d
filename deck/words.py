"""The tool's own words (labels, derived notes), in English, and their catalogs for other languages.

Content is translated by the trainer's catalogs; these phrases belong to the
tool. The English text is the source; translations are gettext catalogs in
the `deck` domain under deck/locales/<lang>/LC_MESSAGES/, looked up by the
phrase's key (its msgctxt), so translators use the same tools as for content.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "deck"
PSEUDO = "qps-ploc"

SOURCE: dict[str, str] = {
    'continued': '{title} (continued)',
    'group': 'Group {n}',
    'minutes': '{n} min',
    'block_time': '{block}: {minutes}',  # the stop is added where {minutes} has none
    'block_time_clock': '{block}: {minutes}, {start}–{end}.',
    'cluster_time': 'Debrief of this cluster: {minutes}, {start}–{end}.',
    'cluster_time_plain': 'Debrief of this cluster: {minutes}',
    'resume_at': 'We start again at {time}.',
    'resume_after': 'We start again in {minutes}',
    'case_of': 'Case {n} of {total} in this cluster.',
    'worked_on': 'Worked on by groups {groups}.',
    'presents': 'Group {n} presents this cluster.',
    'tension': 'Tension: {text}',
    'guides': 'Guiding documents: {titles}',
    'quote': '{title}: “{text}”',
    'group_takes': 'Group {n}: clusters {clusters}',
    'group_presents': 'presents {cluster}',
    'time_box': '{total} in groups ({each} per cluster)',
    'setup': 'Groups: {groups}; clusters per group: {each}.',
    'video_link': 'Video: {url}',
    'summary_of': '{title}: {summary}',
    'worksheet': 'Worksheet',
    'group_page': 'Group {n}, page {x} of {y}',
    'page_of': 'Page {x} of {y}',
    'your_clusters': 'Your clusters',
    'time_box_sheet': 'Time: {each} per cluster, {total} in all.',
    'you_present': 'In the plenary you present: {clusters}.',
    'you_present_none': 'In the plenary another group presents your clusters: add what you found.',
    'instructions': 'What to do',
    'case_n': 'Case {n}',
    'cluster_named': 'Cluster {n}: {title}',
    'tick': "Tick your group's answer.",
    'other': 'Other:',
    'arguments': 'Notes and arguments',
    'run_sheet': 'Run sheet',
    'agenda': 'Agenda',
    'col_block': 'Block',
    'col_minutes': 'Minutes',
    'col_time': 'Time',
    'total': 'Total',
    'groups': 'Groups',
    'col_group': 'Group',
    'col_clusters': 'Works on',
    'col_presents': 'Presents',
    'cases': 'Cases',
    'col_case': 'Case',
    'col_tension': 'Tension',
    'col_guides': 'Guiding documents',
    'materials': 'Materials',
    'mat_worksheets': 'Worksheets (worksheets.pdf), one set per group; groups: {count}',
    'mat_video': 'The video: {title}',
    'mat_document': '{title}, printed for every group',
    'kind_title': 'Welcome',
    'kind_group_work': 'Group work',
    'kind_video': 'Video',
    'kind_debrief': 'Plenary debrief',
    'kind_documents': 'Guiding documents',
    'kind_points': 'Tips',
    'kind_break': 'Break',
    'kind_slide': 'Explanation',
    'handout': 'To take home',
    'presented_by': 'presented by group {n}',
    # collect's answers in the debrief (deck/render/debrief.py)
    'results_title': '{title}, case {n}: what the groups chose',
    'results_series': 'Groups',
    'something_else': 'Something else',
    'chart_alt': "Column chart of the groups' choices (answered: {answered} of {groups}). {counts}",
    'chart_count': '{letter} ({text}): {n}',
    'answers_heading': "The groups' answers",
    'answer_choice': 'Group {n}: {choice}',
    'answer_other': 'Something else: “{text}”',
    'answer_arguments': 'Arguments: {text}',
    'answer_question': '{question} {text}',
    'sent_nothing': 'Group {n} sent no answers.',
    'nothing_chosen': 'nothing ticked',
    'agreed': 'Groups {groups} agreed: {choice}.',
    'alone': 'Only group {n} chose {choice}.',
    'all_agreed': 'All groups that answered agreed: {choice}.',
    'debrief_answers': "Debrief: the groups' answers",
    'col_choice': 'Choice',
    'col_answers': 'Something else, arguments, follow-up',
    'count_of': '{label}: {n}',
}


@lru_cache(maxsize=None)
def _catalog(language: str) -> dict[str, str]:
    """Key -> translated phrase for a language; empty when the tool has no catalog for it.

    Read once per machine and version of the catalog (deck/cache.py): importing
    Babel's PO reader and parsing took a tenth of a small build's PDF process.
    """
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    from . import cache

    return cache.parsed("words", path, "1", lambda: _read(path))  # "1": the version of _read; change both together


def _read(path) -> dict[str, str]:
    from babel.messages.pofile import PoFileError, read_po

    from .errors import DeckError

    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
    except (PoFileError, OSError, UnicodeDecodeError, ValueError) as error:
        raise DeckError(f"{path}: the tool's own catalog cannot be read: {error}; reinstall the package") from None
    return {m.context: m.string for m in catalog if m.id and m.context and m.string and not m.fuzzy}


def has_catalog(locale: str) -> bool:
    """Whether the tool's own words exist in locale's language: English is their source, the pseudo-locale
    makes its own; any other language needs deck/locales/<lang>/LC_MESSAGES/deck.po."""
    language = locale.split("-")[0].lower()
    return (locale == PSEUDO or language == "en"
            or (LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").exists())


@dataclass(frozen=True)
class Words:
    """The tool's phrases for one locale (BCP 47), in English where no catalog has them."""

    locale: str

    def __call__(self, key: str, **values: object) -> str:
        return self.phrase(key).format(**values)

    def phrase(self, key: str) -> str:
        if self.locale == PSEUDO:
            from .pseudo import pseudo

            return pseudo(SOURCE[key], keep_fields=True)
        return _catalog(self.locale.split("-")[0].lower()).get(key) or SOURCE[key]

    def minutes(self, n: int) -> str:
        return self("minutes", n=n)

    def time(self, clock: str | None) -> str | None:
        """A wall-clock time HH:MM as the locale writes it (09:30, 9:30 AM)."""
        if clock is None:
            return None
        from datetime import time

        from babel.dates import format_time

        hours, minutes = map(int, clock.split(":"))
        return format_time(time(hours, minutes), format="short", locale=_babel_locale(self.locale))

    def date(self, iso: str) -> str:
        """A date YYYY-MM-DD as the locale writes it in running text (24 november 2026)."""
        from datetime import date

        from babel.dates import format_date

        return format_date(date.fromisoformat(iso), format="long", locale=_babel_locale(self.locale))

    def join(self, items: list[str]) -> str:
        """A list in running text, as the locale writes it: 'a, b and c', 'a, b et c'."""
        from babel.lists import format_list

        return format_list(items, locale=_babel_locale(self.locale)) if items else ""


def _babel_locale(tag: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError):
        return "en"
