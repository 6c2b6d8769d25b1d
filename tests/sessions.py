"""Small sessions made in code for tests: a minimal one and a stress one with very long texts."""
from __future__ import annotations

from pathlib import Path

import yaml

LOREM = ("Een medewerker deelt op sociale media een bericht over een dossier waar hij zelf aan werkt, "
         "met kritiek op de beslissing van de minister, en collega's reageren met duimpjes en "
         "eigen verhalen over vergelijkbare situaties in andere entiteiten. ")


def session(clusters: int = 2, cases: int = 1, groups: int = 2, each: int = 1, dilemma: str = "Wat doe je?",
            options: int = 3, option: str = "Je doet iets.", title: str = "Sessie") -> dict:
    """A valid session as plain data, with the sizes asked for."""
    return {
        "session": {"id": "test", "title": title, "language": "nl-BE", "subtitle": "Proef"},
        "documents": [{"id": "code", "title": "Code", "summary": "Wat mag en moet.",
                       "quotes": {"kern": "Wees loyaal."}}],
        "clusters": [{
            "id": f"c{c}", "title": f"Cluster {c}",
            "cases": [{"id": f"k{k}", "dilemma": dilemma,
                       "options": {f"o{o}": f"{option} ({o})" for o in range(options)},
                       "questions": {"vraag": "En wat als het anders was?"},
                       "tension": "Loyaliteit versus spreekrecht", "documents": ["code"],
                       "quotes": ["code/kern"], "notes": "Vraag door."}
                      for k in range(cases)],
        } for c in range(clusters)],
        "groups": {"count": groups, "clusters_each": each},
        "agenda": [
            {"id": "start", "kind": "title", "minutes": 5, "notes": "Welkom."},
            {"id": "werk", "kind": "group_work", "title": "Groepswerk", "minutes_per_cluster": 10,
             "instructions": "Bespreek de dilemma's."},
            {"id": "film", "kind": "video", "title": "Filmpje", "text": "Kijk mee.", "minutes": 5},
            {"id": "bespreking", "kind": "debrief", "minutes_per_cluster": 15},
            {"id": "houvast", "kind": "documents", "title": "Houvast", "points": {"test": "De voorpaginatest"}},
            {"id": "tips", "kind": "points", "title": "Tips", "points": {"a": "Eerste tip.", "b": "Tweede tip."}},
        ],
    }


def stress() -> dict:
    """Very long dilemmas, many long options and a long title: the fitting must work for its living."""
    data = session(clusters=2, cases=2, groups=2, each=1, dilemma=LOREM * 6, options=8, option=LOREM.strip(),
                   title="Een bijzonder lange titel voor een sessie over integriteit op sociale media "
                         "in de Vlaamse overheid")
    data["clusters"][0]["cases"][1]["dilemma"] = "Kort dilemma?"
    data["agenda"][-1]["points"] = {f"p{n}": LOREM.strip() for n in range(10)}
    return data


def write(data: dict, folder: Path, name: str = "session.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
