#!/usr/bin/env python3
"""A synthetic session of N cases, as YAML on standard output: `python bench/synth.py --cases 1000`.

The cases read like the real ones (Dutch-like sentences of realistic length,
three or four options, a follow-up question) and are spread over ceil(N/4)
clusters of up to four cases; there are as many groups as clusters, each
taking two clusters, so every cluster is worked on by two groups. The format
allows at most 100 groups: beyond 400 cases there are 100 groups that each
take more clusters (1,000 cases: 250 clusters, 100 groups of 5), which keeps
the same work (every case on two groups' worksheets). The same N always
gives the same text.
"""
from __future__ import annotations

import argparse
import math
import random
import sys

import yaml

MAX_GROUPS = 100  # groups.count's maximum in the session format

_SUBJECTS = ["Een medewerker", "Je leidinggevende", "Een collega", "Een burger", "De woordvoerder",
             "Een stagiair", "Het kabinet", "Een journalist", "Een vakbondsafgevaardigde", "De dienst"]
_VERBS = ["deelt op sociale media", "reageert op een bericht over", "plaatst een foto van",
          "stuurt een vriendschapsverzoek naar aanleiding van", "schrijft een opiniestuk over",
          "verwijst in een blog naar", "liket een kritische tweet over", "vraagt uitleg over"]
_OBJECTS = ["een dossier waar hij zelf aan werkt", "de beslissing van de minister",
            "een vergadering met externe partners", "de nieuwe regels voor telewerk",
            "een klacht van een burger", "de reorganisatie van de entiteit",
            "een project met een commerciële partner", "de besparingen in de zorgsector"]
_TAILS = ["en collega's reageren met duimpjes.", "terwijl het dossier nog loopt.",
          "zonder de naam van de organisatie te noemen.", "op een persoonlijk account.",
          "tijdens de werkuren.", "en het bericht wordt massaal gedeeld.", "met een kwinkslag.",
          "en vermeldt zijn functie in het profiel."]
_OPTIONS = ["Je zegt er niets over en laat het gaan.", "Je spreekt de persoon er rechtstreeks op aan.",
            "Je meldt het aan je leidinggevende.", "Je vraagt advies aan de integriteitsambtenaar.",
            "Je reageert publiek met een nuancering.", "Je wacht af tot iemand anders iets doet.",
            "Je vraagt om het bericht te verwijderen.", "Je zoekt eerst uit wat de regels zeggen."]
_QUESTIONS = ["Wat zou je doen als het om je eigen dossier ging?", "Verandert je antwoord als het anoniem is?",
              "Welke regel uit de deontologische code speelt hier?", "Wie moet hier de eerste stap zetten?"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}"


def session(cases: int, seed: int = 1) -> dict:
    """A valid session of `cases` cases, as plain data."""
    rng = random.Random(seed)
    clusters = max(1, math.ceil(cases / 4))
    groups = min(clusters, MAX_GROUPS)
    each = min(clusters, math.ceil(2 * clusters / groups))  # every cluster on two groups' sheets
    data: dict = {
        "session": {"id": f"synth-{cases}", "title": f"Synthetische sessie met {cases} casussen",
                    "subtitle": "Benchmark", "language": "nl-BE", "organisation": "Vlaamse overheid",
                    "start": "09:00"},
        "documents": [{"id": "code", "title": "Deontologische code", "summary": "Wat mag en moet.",
                       "quotes": {"kern": "Wees loyaal tegenover de organisatie en je collega's."}}],
        "clusters": [],
        "groups": {"count": groups, "clusters_each": each},
        "agenda": [
            {"id": "welkom", "kind": "title", "minutes": 5, "notes": "Verdeel de zaal in groepjes."},
            {"id": "groepswerk", "kind": "group_work", "title": "Clusters", "minutes_per_cluster": 10,
             "instructions": "Bespreek de dilemma's van je twee clusters."},
            {"id": "film", "kind": "video", "title": "Filmpje", "minutes": 5},
            {"id": "bespreking", "kind": "debrief", "minutes_per_cluster": 15},
            {"id": "houvast", "kind": "documents", "title": "Houvast", "points": {"test": "De voorpaginatest"}},
            {"id": "tips", "kind": "points", "title": "Nog tips",
             "points": {"fotos": "Beperk je foto's.", "berichten": "Berichten kun je verwijderen."}},
        ],
    }
    for number in range(cases):
        c = number // 4
        if number % 4 == 0:
            data["clusters"].append({"id": f"cluster-{c + 1}", "title": f"Cluster {c + 1}: {rng.choice(_OBJECTS)}",
                                     "cases": []})
        options = rng.sample(_OPTIONS, rng.choice([3, 4]))
        data["clusters"][-1]["cases"].append({
            "id": f"casus-{number + 1}",
            "dilemma": " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) + " Wat doe je?",
            "options": {f"optie-{n + 1}": text for n, text in enumerate(options)},
            "questions": {"vraag": rng.choice(_QUESTIONS)},
            "tension": "Loyaliteit versus spreekrecht",
            "documents": ["code"],
            "quotes": ["code/kern"],
            "notes": _sentence(rng),
        })
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, required=True, help="how many cases (at least 1)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the text (default 1)")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    sys.stdout.write(yaml.safe_dump(session(args.cases, args.seed), allow_unicode=True, sort_keys=False,
                                    width=100))


if __name__ == "__main__":
    main()
