"""A catalog checked as strictly as `msgfmt --check` before Babel reads it: every problem, at its line.

Babel's reader is lenient: it takes an unterminated string, a message
defined twice (the last one wins) or a catalog whose header names one
charset while its bytes are in another as if all were well, and a
translation of nothing but spaces blanks a slide. Catalogs come by mail
from translators, so each is checked here, line by line, and every problem
is reported at once.
"""
from __future__ import annotations

import codecs
import re

_KEYWORD = re.compile(r'(msgctxt|msgid|msgid_plural|msgstr|msgstr\[(\d+)\])\s+(".*)$')
_CHARSET = re.compile(r"charset=\s*([^\s;]+)", re.IGNORECASE)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"', "'": "'", "?": "?"}


def _string(text: str) -> tuple[str | None, str]:
    """The value of a quoted PO string (text from its opening quote), or None and what is wrong."""
    text = text.rstrip()
    if len(text) < 2 or not text.endswith('"'):
        return None, "the string is not closed; end it with \" on the same line"
    body, value, index = text[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == '"':
            return None, "a \" inside the string; write it as \\\""
        if char != "\\":
            value.append(char)
            index += 1
            continue
        if index + 1 >= len(body):
            return None, "the string is not closed; its last \" is escaped"
        code = body[index + 1]
        if code in _ESCAPES:
            value.append(_ESCAPES[code])
            index += 2
        elif code in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[index + 1:]).group()
            value.append(chr(int(digits, 8)))
            index += 1 + len(digits)
        elif code == "x" and re.match(r"[0-9A-Fa-f]", body[index + 2:index + 3]):
            digits = re.match(r"[0-9A-Fa-f]+", body[index + 2:]).group()
            value.append(chr(int(digits, 16) % 0x110000))
            index += 2 + len(digits)
        else:
            return None, f"'\\{code}' is not an escape; write a backslash as \\\\"
    return "".join(value), ""


class _Entry:
    def __init__(self, line: int):
        self.line = line
        self.fields: dict[str, list] = {}  # keyword -> [first line, value]

    def value(self, keyword: str) -> str | None:
        field = self.fields.get(keyword)
        return None if field is None else field[1]


def check(data: bytes) -> list[tuple[int, str]]:
    """Every problem of a .po file's bytes, as (line, message), in line order; empty when it is sound."""
    problems: list[tuple[int, str]] = []
    entries: list[_Entry] = []
    entry: _Entry | None = None
    keyword: str | None = None
    text = data.decode("utf-8", "replace")  # for the syntax: the bytes are checked against the charset below
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):  # comments, and obsolete (#~) or previous (#|) entries
            continue  # as for msgfmt, a string after them still continues the keyword before
        match = _KEYWORD.match(stripped)
        if match:
            name = match.group(1)
            if name in ("msgctxt", "msgid") and (entry is None or _complete(entry) or name in entry.fields
                                                  or (name == "msgctxt" and "msgid" in entry.fields)):
                if entry is not None and not _complete(entry):
                    problems.append((entry.line, "this entry has no msgstr; add msgstr \"\""))
                entry = _Entry(number)
                entries.append(entry)
            elif entry is None:
                problems.append((number, f"{name} before any msgid; an entry starts with msgctxt or msgid"))
                keyword = None
                continue
            elif name in entry.fields:
                problems.append((number, f"a second {name} in one entry; start a new entry with msgid"))
                keyword = None
                continue
            elif name != "msgid" and "msgid" not in entry.fields:
                problems.append((number, f"{name} before the entry's msgid"))
            value, why = _string(match.group(3))
            if value is None:
                problems.append((number, why))
                value = ""
            entry.fields[name] = [number, value]
            keyword = name
        elif stripped.startswith('"'):
            if keyword is None or entry is None:
                problems.append((number, "a string that belongs to no msgid or msgstr"))
                continue
            value, why = _string(stripped)
            if value is None:
                problems.append((number, why))
                continue
            entry.fields[keyword][1] += value
        else:
            word = stripped.split()[0][:30]
            problems.append((number, f"Unknown or misformatted keyword '{word}'; a line holds msgctxt, msgid, "
                                     "msgid_plural, msgstr, a quoted string or a # comment"))
            keyword = None
    if entry is not None and not _complete(entry):
        problems.append((entry.line, "this entry has no msgstr; add msgstr \"\""))
    problems += _duplicates(entries) + _blank_translations(entries) + _charset(data, entries)
    return sorted(problems)


def _complete(entry: _Entry) -> bool:
    return "msgstr" in entry.fields or any(k.startswith("msgstr[") for k in entry.fields)


def _duplicates(entries: list[_Entry]) -> list[tuple[int, str]]:
    seen: dict[tuple, int] = {}
    problems = []
    for entry in entries:
        if entry.value("msgid") is None:
            continue
        key = (entry.value("msgctxt"), entry.value("msgid"))
        if key in seen:
            context = f" (msgctxt {key[0]!r})" if key[0] is not None else ""
            problems.append((entry.line, f"duplicate message definition{context}; the first is at line "
                                         f"{seen[key]}: keep one"))
        else:
            seen[key] = entry.line
    return problems


def _blank_translations(entries: list[_Entry]) -> list[tuple[int, str]]:
    problems = []
    for entry in entries:
        if entry.value("msgid") == "" and entry.value("msgctxt") is None:
            continue  # the header
        for name, (line, value) in entry.fields.items():
            if name.startswith("msgstr") and value and not value.strip():
                problems.append((line, "the translation is only white space, which would blank the text; "
                                       "translate it or leave it empty (msgstr \"\")"))
    return problems


def _charset(data: bytes, entries: list[_Entry]) -> list[tuple[int, str]]:
    """The header's charset: one Python knows, and the one the bytes are really in."""
    header = next((e for e in entries if e.value("msgid") == "" and e.value("msgctxt") is None), None)
    found = _CHARSET.search(header.value("msgstr") or "") if header is not None else None
    line = header.fields["msgstr"][0] if header is not None and "msgstr" in header.fields else 1
    name = found.group(1) if found else "utf-8"
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return [(line, f"the header names the charset '{name[:40]}', which is not one; "
                       "save the catalog as UTF-8 (charset=UTF-8) in your PO editor")]
    if codec.name in ("utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        return [(line, f"the charset '{name}' cannot hold a PO file; save it as UTF-8 in your PO editor")]
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode(codec.name)
        except UnicodeDecodeError as error:
            return [(number, f"byte 0x{raw[error.start]:02x} is not {codec.name}; save the catalog as UTF-8 "
                             "in your PO editor")]
    if codec.name != "utf-8" and any(b > 0x7F for b in data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return []
        return [(line, f"the header says charset={name}, but the text is UTF-8; set charset=UTF-8 in the "
                       "header")]
    return []
