"""The pseudo-locale qps-ploc: every text accented, 40 % longer and bracketed.

It shows, before any translator starts, whether layouts survive languages
that run longer than the source, and whether any text escapes translation
(it would show up without brackets).
"""
from __future__ import annotations

import re

GROWTH = 0.4
_ACCENTED = str.maketrans(
    "AaCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçĎďÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŘřŠšŢţÛûŴŵÝýŽž",
)
_FIELD = re.compile(r"(\{[^{}]*\})")
_FILLER = "ļöřéñ îpšûñ ďöļöř šîţ åŵéţ çöñšéçţéţûř åďîpîšçîñĝ éļîţ"


def pseudo(text: str, keep_fields: bool = False) -> str:
    """Text as the pseudo-locale shows it: '[Ŵåţ ďöé ĵé? ļöřéñ îpšû]'."""
    parts = _FIELD.split(text) if keep_fields else [text]
    accented = "".join(part if keep_fields and _FIELD.fullmatch(part) else part.translate(_ACCENTED)
                       for part in parts)
    extra = round(len(text) * GROWTH)
    repeats = extra // len(_FILLER) + 1
    padding = " ".join([_FILLER] * repeats)[:extra].strip()
    return f"[{accented} {padding}]" if padding else f"[{accented}]"
