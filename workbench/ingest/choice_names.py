"""Matching the group, neighbourhood (QPV) and organisation people name in an export to the
framework's ids: built-in names and synonyms, overridden by a mapping's ``values``.

>>> from workbench.framework import load_framework
>>> ChoiceMatcher({}, group_names(load_framework())).match("Élue")
(True, 'elus')
"""

from __future__ import annotations

from workbench.framework import Framework
from workbench.normalise import normalise_label, squash_label

GROUP_SYNONYMS: dict[str, list[str]] = {
    "elus": ["élu", "élue", "élus", "élues", "élu ou élue", "élu municipal", "élu communautaire",
             "maire", "adjoint", "adjointe", "conseiller municipal", "conseillère municipale"],
    "services": ["service", "services", "services de droit commun", "service de droit commun",
                 "service de la ville", "service de l'agglomération",
                 "service de la ville ou de l'agglomération", "technicien", "technicienne",
                 "agent", "direction", "directeur", "directrice", "dgs"],
    "acteurs": ["acteur de terrain", "acteurs de terrain", "actrice de terrain", "association",
                "associations", "associatif", "acteur associatif",
                "acteur de terrain (association, école, travail social)", "école",
                "travail social", "travailleur social", "travailleuse sociale"],
    "habitants": ["habitant", "habitante", "habitants", "habitantes", "résident", "résidente",
                  "conseil citoyen", "membre du conseil citoyen"],
    "partenaires": ["partenaire", "partenaires", "partenaire institutionnel",
                    "partenaire institutionnelle", "partenaires institutionnels", "institution",
                    "institutionnel", "état", "préfecture"],
    "equipe": ["équipe projet", "équipe", "comité technique", "cotech", "chef de projet",
               "cheffe de projet", "équipe projet ou comité technique",
               "équipe projet et comité technique"],
}


class ChoiceMatcher:
    """Text → framework id, after normalisation; explicit ``values`` win over built-in names.

    ``match`` returns ``(True, id_or_None)`` when recognised, ``(False, None)`` otherwise.
    """

    def __init__(self, values: dict[str, str | None], fallback: dict[str, str]) -> None:
        self._table: dict[str, str | None] = {}
        self._loose: dict[str, str | None] = {}
        for source in (fallback, values):  # values last: they override
            for text, target in source.items():
                self._table[normalise_label(text)] = target
                self._loose[squash_label(text)] = target
        self.expected = sorted(set(values)) or sorted(set(fallback))

    def match(self, text: str) -> tuple[bool, str | None]:
        key = normalise_label(text)
        if key in self._table:
            return True, self._table[key]
        loose = squash_label(text)
        if loose and loose in self._loose:
            return True, self._loose[loose]
        return False, None


def group_names(fw: Framework) -> dict[str, str]:
    """Every built-in way of naming a group: ids, French and English labels, synonyms."""
    names: dict[str, str] = {}
    known = set(fw.group_ids)
    for group_id, synonyms in GROUP_SYNONYMS.items():
        if group_id in known:
            names.update({s: group_id for s in synonyms})
    for group in fw.groups:
        names.update({group.id: group.id, group.label_fr: group.id, group.label_en: group.id})
    return names


def qpv_names(fw: Framework) -> dict[str, str]:
    return {name: q.id for q in fw.territory.qpvs for name in (q.id, q.name)}


def organisation_names(fw: Framework) -> dict[str, str]:
    return {name: o.id for o in fw.organisations for name in (o.id, o.name)}
