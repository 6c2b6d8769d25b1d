"""Locale names parsed as language tags: the only source of the folder and file names a locale gets.

A locale comes from the command line (`--locale`), from a catalog folder's
name and from `session.language`; each becomes part of a path (out/<locale>/,
locales/<ll_CC>/LC_MESSAGES/). So it is parsed with a strict grammar, a
subset of BCP 47 and of POSIX locale names, and only the parsed subtags are
ever written back out: nothing a user typed reaches a path as typed.

    language   2 or 3 letters              fr, nl, qps
    script     4 letters (optional)        Latn, Hant
    region     2 letters or 3 digits       BE, 419
    variants   5 to 8 letters or digits,   1996, valencia
               or a digit and 3 more

Subtags are joined all by `-` (BCP 47: fr-BE) or all by `_` (a gettext
folder: fr_BE). Extensions, private use, a POSIX charset (`.UTF-8`) or
modifier (`@euro`) are refused: no catalog or output of this tool needs them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LENGTH = 35  # as session.language; RFC 5646 advises room for 35 characters

_SUBTAG = re.compile(r"[A-Za-z0-9]{1,8}")
_PSEUDO = "qps-ploc"  # the pseudo-locale, spelt as Microsoft does (its 'ploc' is in script position)


class BadTag(ValueError):
    """A locale name that is not a language tag this tool accepts; str() says why and what to write."""


@dataclass(frozen=True)
class Tag:
    """A parsed language tag: its subtags, in their canonical case."""

    language: str
    script: str | None = None
    region: str | None = None
    variants: tuple[str, ...] = ()

    def _parts(self) -> list[str]:
        return [p for p in (self.language, self.script, self.region, *self.variants) if p]

    @property
    def bcp47(self) -> str:
        """The tag as BCP 47 writes it (fr-BE), and the name of its output folder."""
        text = "-".join(self._parts())
        return _PSEUDO if text.lower() == _PSEUDO else text

    @property
    def posix(self) -> str:
        """The tag as gettext names its catalog folder (fr_BE)."""
        return "_".join(self._parts())

    def __str__(self) -> str:
        return self.bcp47


def parse(text: str) -> Tag:
    """The language tag text names; raises BadTag saying what is wrong."""
    if not isinstance(text, str) or not text:
        raise BadTag("a locale cannot be empty; use a language tag such as fr-BE")
    shown = repr(text) if len(text) <= 60 else repr(text[:57] + "...")
    hint = "use a language tag such as fr-BE, en-GB or sr-Latn-RS"
    if len(text) > MAX_LENGTH:
        raise BadTag(f"{shown} is too long for a locale ({len(text)} characters; at most {MAX_LENGTH}); {hint}")
    separators = set(re.findall(r"[-_]", text))
    if len(separators) > 1:
        raise BadTag(f"{shown} mixes '-' and '_'; {hint}")
    parts = re.split(r"[-_]", text)
    if not all(_SUBTAG.fullmatch(part) for part in parts):
        bad = next((c for c in text if not (c.isascii() and (c.isalnum() or c in "-_"))), None)
        what = f"the character {bad!r}" if bad else "an empty or over-long part"
        raise BadTag(f"{shown} is not a locale: it holds {what}; {hint}")
    language, rest = parts[0], parts[1:]
    if not re.fullmatch(r"[A-Za-z]{2,3}", language):
        raise BadTag(f"{shown} is not a locale: '{language}' is not a language (2 or 3 letters); {hint}")
    script = region = None
    if rest and re.fullmatch(r"[A-Za-z]{4}", rest[0]):
        script = rest.pop(0).title()
    if rest and re.fullmatch(r"[A-Za-z]{2}|[0-9]{3}", rest[0]):
        region = rest.pop(0).upper()
    variants = []
    for part in rest:
        if not re.fullmatch(r"[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}", part):
            raise BadTag(f"{shown} is not a locale: '{part}' is not a script, region or variant "
                         f"where it stands; {hint}")
        variants.append(part.lower())
    if len(set(variants)) != len(variants):
        raise BadTag(f"{shown} names a variant twice; {hint}")
    return Tag(language.lower(), script, region, tuple(variants))


def canonical(text: str) -> str:
    """The BCP 47 spelling of text (EN_gb -> en-GB); raises BadTag."""
    return parse(text).bcp47
