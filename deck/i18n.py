"""Gettext catalogs for a session's content: extract, update, status, and the localized model.

Catalogs sit beside the session, laid out as gettext tools expect, so Poedit
and Weblate open them as they are:

    content/locales/<session id>.pot
    content/locales/<ll_CC>/LC_MESSAGES/<session id>.po

Every message's msgctxt is its stable key (ids, not positions), so a
translation follows its text when the trainer reorders clusters or cases,
and a changed source text is caught by comparing msgids under the same key.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from . import keys, locale_tag, po_check, safe_files
from .errors import DeckError
from .format import LINE, PARAGRAPH
from .invocation import command
from .model import Session
from .output import build_time, write_atomic
from .pseudo import pseudo
from .schema import _NOT_XML
from .words import PSEUDO

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

# Babel's catalog and PO modules are imported where a catalog is read or written: a build in
# the session's own language needs neither, and they pull in much of the email package.

WIDTH = 79


@dataclass(frozen=True)
class Fallback:
    """A text shown in the source language because its translation is missing or stale."""

    key: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.key} (line {self.line}): {self.reason}; the source text is used"


@dataclass(frozen=True)
class Status:
    """How complete one locale's catalog is."""

    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


# -- where catalogs live --------------------------------------------------------

def locales_dir(session: Session) -> Path:
    return Path(session.source.path).resolve().parent / "locales"


def template_path(session: Session) -> Path:
    return locales_dir(session) / f"{session.meta.id}.pot"


def catalog_path(session: Session, locale: str) -> Path:
    return locales_dir(session) / folder(locale) / "LC_MESSAGES" / f"{session.meta.id}.po"


def folder(locale: str) -> str:
    """The gettext folder name of a BCP 47 tag: fr-BE -> fr_BE, made from the parsed tag alone."""
    try:
        parsed = locale_tag.parse(locale)
    except locale_tag.BadTag as error:
        raise DeckError(str(error)) from None
    try:
        Locale.parse(parsed.posix)
    except (UnknownLocaleError, ValueError):
        raise DeckError(f"'{locale}' is not a locale Babel knows; use a BCP 47 tag such as fr-BE") from None
    return parsed.posix


def same_locale(one: str, other: str) -> bool:
    """Whether two BCP 47 tags name the same locale: tags are case-insensitive (EN-gb is en-GB)."""
    return one.replace("_", "-").lower() == other.replace("_", "-").lower()


def catalog_locales(session: Session) -> list[str]:
    """The locales that have a catalog for this session, as BCP 47 tags."""
    root = locales_dir(session)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.glob(f"*/LC_MESSAGES/{session.meta.id}.po")):
        try:
            found.append(locale_tag.canonical(path.parent.parent.name))
        except locale_tag.BadTag as error:
            raise DeckError(f"{path}: the folder '{path.parent.parent.name}' is not named by a locale: {error} "
                            "(as a gettext folder: fr_BE)") from None
    return sorted(set(found))


# -- the template -----------------------------------------------------------------

_WHERE = {
    "title": "a title (slide, worksheet, run sheet)", "subtitle": "title slide",
    "organisation": "title slide and document properties", "dilemma": "case slide and worksheet",
    "options": "answer option (case slide, worksheet)", "questions": "follow-up question (case slide, worksheet)",
    "tension": "facilitator notes and run sheet", "notes": "facilitator notes (never shown to the room)",
    "instructions": "worksheet instructions", "summary": "facilitator notes",
    "quotes": "quoted in the facilitator notes for the debrief", "points": "bullet point on a slide",
    "text": "slide text",
    "alt": "a picture's description, read by screen readers", "caption": "caption under a picture",
    "credit": "credit under a picture",
}


def where(key: str) -> str:
    """A translator's hint on where a text appears, from its key."""
    parts = key.split("/")
    field = parts[-2] if parts[-2] in ("options", "questions", "quotes", "points") else parts[-1]
    return f"Appears as: {_WHERE.get(field, 'slide text')}."


def template(session: Session, content: Path) -> Catalog:
    """Every translatable text of the session as a gettext template."""
    catalog = _new_catalog(session, None)
    reference = _reference(session, content)
    for text in keys.texts(session):
        line, _ = session.source.position(text.path)
        catalog.add(text.value, context=text.key, auto_comments=[where(text.key)],
                    locations=[(reference, line)])
    return catalog


def _reference(session: Session, content: Path) -> str:
    """The session file as seen from the catalogs' folder: the same wherever the command runs."""
    return Path(os.path.relpath(Path(content).resolve(), locales_dir(session))).as_posix()


def _new_catalog(session: Session, locale: str | None) -> Catalog:
    when = build_time()
    from babel.messages.catalog import Catalog

    return Catalog(locale=folder(locale) if locale else None, domain=session.meta.id,
                   project=session.meta.title, version=session.meta.id, charset="utf-8",
                   creation_date=when, revision_date=when, fuzzy=False,
                   header_comment=f"# {session.meta.title}: translations of the session's content.\n"
                                  "# msgctxt is the text's stable key; keep it as it is.")


# -- extract, update, status --------------------------------------------------------

def extract(session: Session, content: Path) -> Path:
    """Write the session's .pot template; returns its path."""
    path = template_path(session)
    write_atomic(path, _po_bytes(template(session, content)))
    return path


def update(session: Session, content: Path, locale: str) -> tuple[Path, Status]:
    """Create or update a locale's catalog from the current source.

    A source text that changed since it was translated becomes fuzzy, with
    its previous text; a removed one becomes obsolete; new ones come in
    untranslated.
    """
    path = catalog_path(session, locale)
    old = read_catalog(path, locales_dir(session)) if path.exists() else None
    merged = merge(template(session, content), old, _new_catalog(session, locale))
    write_atomic(path, _po_bytes(merged))
    return path, status_of(merged, locale)


def merge(source: Catalog, old: Catalog | None, new: Catalog) -> Catalog:
    """The messages of source, carrying over old's translations matched by context."""
    from babel.messages.catalog import Message

    previous: dict[str, Message] = {}
    if old is not None:
        # Obsolete translations first, so a live one under the same key wins; a text that
        # comes back (a tip removed, then restored) gets its old translation back.
        previous = {m.context: m for m in [*old.obsolete.values(), *old] if m.id}
        # Who translates, when and with which plural rule is the translators' business.
        new.last_translator, new.language_team = old.last_translator, old.language_team
        new.revision_date = old.revision_date
        new._num_plurals, new._plural_expr = old.num_plurals, old.plural_expr
    for message in source:
        if not message.id:
            continue
        before = previous.pop(message.context, None)
        merged = Message(message.id, context=message.context, auto_comments=message.auto_comments,
                         locations=message.locations, flags=set(message.flags))
        if before is not None and before.string:
            merged.string = before.string
            merged.user_comments = before.user_comments
            if before.id != message.id:
                merged.flags.add("fuzzy")
                merged.previous_id = [before.id]
            elif before.fuzzy:
                merged.flags.add("fuzzy")
                merged.previous_id = before.previous_id
        new[message.id] = merged
    for message in previous.values():
        if message.string:  # a translation nobody needs now may be needed again: keep it
            new.obsolete[(message.id, message.context)] = message
    return new


def status(session: Session) -> list[Status]:
    """The status of every catalog of the session."""
    return [status_of(read_catalog(catalog_path(session, locale), locales_dir(session)), locale)
            for locale in catalog_locales(session)]


def status_of(catalog: Catalog, locale: str) -> Status:
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy and m.string)
    translated = sum(1 for m in messages if m.string and not m.fuzzy)
    return Status(locale, translated, fuzzy, len(messages) - translated - fuzzy, len(catalog.obsolete))


def read_catalog(path: Path, inside: Path | None = None) -> Catalog:
    """A .po file as a catalog; a broken one is reported with its line.

    With inside (a session's locales folder), the file must be there after following links: a
    session's catalog that links to a file elsewhere could carry that file's text into the outputs.
    """
    from babel.messages.pofile import PoFileError, read_po

    if inside is not None:
        try:
            _, stray = safe_files.followed(path, inside)
        except safe_files.Unfollowable:
            stray = safe_files.OUTSIDE
        if stray is not None:
            raise DeckError(f"{path}: leads outside the session's locales folder or into a hidden one (a link?); "
                            "keep catalogs in locales/ beside the session")
    try:
        data = safe_files.read(path, safe_files.CATALOG_BYTES, "a catalog")
        problems = po_check.check(data)
        if problems:
            count = len(problems)
            raise DeckError("\n".join([*(f"{path}:{line}: {message}" for line, message in problems),
                                       f"{count} problem{'s' if count != 1 else ''} in the catalog; fix the "
                                       "catalog (msgfmt --check shows the same)"]))
        return read_po(io.BytesIO(data), abort_invalid=True)
    except safe_files.Refused as refused:
        raise DeckError(f"{path}: {refused}") from None
    except PoFileError as error:
        # Babel counts lines from 0 and appends that number to its message.
        line = getattr(error, "lineno", 0) + 1
        message = re.sub(r" on \d+$", "", str(error))
        raise DeckError(f"{path}:{line}: {message}; fix the catalog (msgfmt --check shows more)") from None
    except UnicodeDecodeError as error:
        raise DeckError(f"{path}:{_undecodable_line(path, error.encoding)}: byte 0x{error.object[error.start]:02x} "
                        f"is not {error.encoding}; save the catalog as UTF-8 in your PO editor") from None
    except (OSError, ValueError) as error:
        raise DeckError(f"{path}: cannot read the catalog: {error}") from None


def _undecodable_line(path: Path, encoding: str) -> int:
    """The first line of path that does not decode, as Babel reads it: line by line."""
    for number, line in enumerate(path.read_bytes().splitlines(), start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return number
    return 1


def _po_bytes(catalog: Catalog) -> bytes:
    from babel.messages.pofile import write_po

    stream = io.BytesIO()
    write_po(stream, catalog, width=WIDTH, include_previous=True, sort_output=False)
    return stream.getvalue()


# -- the localized model ---------------------------------------------------------------

def localize(session: Session, locale: str) -> tuple[Session, list[Fallback]]:
    """The session in locale: catalog translations, pseudo-text, or the source itself."""
    if same_locale(locale, session.meta.language):
        return session, []
    if locale == PSEUDO:
        return _with_language(keys.translated(session, lambda key, text: pseudo(text)), locale), []
    path = catalog_path(session, locale)
    if not path.exists():
        raise DeckError(f"no catalog for '{locale}' ({path}); create it with "
                        f"`{command()} i18n update --locale {locale}`")
    by_key = {m.context: m for m in read_catalog(path, locales_dir(session)) if m.id}
    paths = {t.key: t.path for t in keys.texts(session)}
    fallbacks: list[Fallback] = []

    def translate(key: str, text: str) -> str:
        message = by_key.get(key)
        reason = ("untranslated" if message is None or not message.string else
                  "fuzzy" if message.fuzzy else
                  "the source changed since it was translated; run i18n update" if message.id != text else "")
        if reason:
            fallbacks.append(Fallback(key, session.source.position(paths[key])[0], reason))
            return text
        problem = _unusable(key, message.string)
        if problem:
            problems.append(f"{path}:{message.lineno or 1}: {key}: {problem}")
        return message.string

    problems: list[str] = []
    translated = keys.translated(session, translate)
    if problems:
        raise DeckError("\n".join([*problems, f"{len(problems)} unusable translation"
                                   f"{'s' if len(problems) != 1 else ''}; fix the catalog"]))
    return _with_language(translated, locale), fallbacks


# Translations pass no schema: what the loader refuses in the source is refused here too.
_PARAGRAPHS = {"dilemma", "summary", "quotes", "notes", "instructions", "text"}


def _unusable(key: str, text: str) -> str:
    """Why a translation cannot go on a slide or sheet, or "" when it can."""
    bad = _NOT_XML.search(text)
    if bad:
        return (f"the translation contains the control character U+{ord(bad.group()):04X}, which "
                "slides and PDFs cannot hold; delete it")
    parts = key.split("/")
    field = parts[-2] if parts[-2] in ("options", "questions", "quotes", "points") else parts[-1]
    limit = PARAGRAPH if field in _PARAGRAPHS else LINE
    if len(text) > limit:
        return f"the translation is {len(text):,} characters long; at most {limit:,} fit, as for the source"
    return ""


def _with_language(session: Session, locale: str) -> Session:
    return replace(session, meta=replace(session.meta, language=locale))


# -- the tool's own words ------------------------------------------------------------

def tool_template() -> Catalog:
    """The tool's own phrases (deck/words.py) as a gettext template, keyed like the content."""
    from . import words

    catalog = _tool_catalog(None)
    for key, text in words.SOURCE.items():
        catalog.add(text, context=key, flags={"python-brace-format"} if "{" in text else ())
    return catalog


def update_tool_words(language: str) -> Path:
    """Create or update the tool's catalog for a language, as `update` does for content."""
    from . import words

    path = words.LOCALES_DIR / language / "LC_MESSAGES" / f"{words.DOMAIN}.po"
    old = read_catalog(path) if path.exists() else None
    write_atomic(path, _po_bytes(merge(tool_template(), old, _tool_catalog(language))))
    return path


def _tool_catalog(language: str | None) -> Catalog:
    when = build_time()
    from babel.messages.catalog import Catalog

    return Catalog(locale=language, domain="deck", project="dilemma-deck", creation_date=when,
                   revision_date=when, fuzzy=False,
                   header_comment="# The words of dilemma-deck itself: labels and derived notes.\n"
                                  "# Keep every {field} as it is; msgctxt is the key the code looks it up by.")
