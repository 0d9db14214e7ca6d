"""Writing a ``MappingDraft`` as the mapping file a person reads and the importer loads.

Flow values are written as JSON (valid YAML) so that any column name or answer text survives;
uncertain matches are written as comments beside the new item they would replace.
"""

from __future__ import annotations

import json
import re
from typing import Any

from workbench.framework import Scale
from workbench.ingest.answers import DetectedScale
from workbench.ingest.mapping import ChoiceMatcher, group_names, organisation_names, qpv_names
from workbench.sources import limesurvey
from workbench.sources.google_forms import grid_row

# the draft's types (``mapping_draft`` imports this module, not the reverse)
MappingDraft = Any
ColumnProposal = Any
_NUMBERING = re.compile(r"^\s*(?:[A-Za-z]{0,3}\d+[a-z]?)\s*[.)\-–:]\s+")


def question_texts(column: str) -> list[str]:
    """The texts a column heading may carry: the question without its code or number, and
    the row of a grid (``Question [Row]``)."""
    _, text = limesurvey.split_heading(column)
    text = _NUMBERING.sub("", text.strip())
    texts = [text]
    row = grid_row(text)
    if row:
        texts.append(row[1])
    return [t for t in texts if t.strip()]


def _q(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _flow(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def item_codes(scale: DetectedScale | None, target: Scale) -> dict[str, float] | None:
    """The answer codes that put a detected scale onto a framework scale (``{}`` when the
    framework reads the answers itself), ``None`` when their points differ."""
    if scale is None or scale.kind == "framework":
        return {}
    if scale.points != target.max - target.min + 1:
        return None
    shift = target.min - scale.low
    return {text: value + shift for text, value in scale.codes.items()}


def scale_for(scale: DetectedScale, draft: MappingDraft,
              new_scales: dict[str, dict[str, Any]]) -> tuple[str, dict[str, float]]:
    """The scale id of a new item (the framework's, or one added to ``new_scales``) and its
    answer codes."""
    if scale.kind == "framework":
        return draft.scale_id, {}
    base = scale.kind if scale.kind not in ("coded", "numeric") else (
        f"echelle_{scale.low}_{scale.high}")
    spec = {"min": scale.low, "max": scale.high, "agree_from": scale.agree_from,
            "labels_fr": scale.labels_fr, "labels_en": scale.labels_en, "missing_fr": []}
    known = draft.framework.scales.get(base)
    if known is not None and (known.min, known.max) == (scale.low, scale.high):
        return base, dict(scale.codes)
    name, number = base, 2
    while name in new_scales and new_scales[name] != spec:
        name, number = f"{base}_{number}", number + 1
    new_scales[name] = spec
    return name, dict(scale.codes)


def _choice_lines(draft: MappingDraft, role: str, column: str, values: list[str]) -> list[str]:
    names = {"group": group_names, "qpv": qpv_names, "organisation": organisation_names}
    matcher = ChoiceMatcher({}, names[role](draft.framework))
    lines = [f"{role}:", f"  column: {_q(column)}", "  values:"]
    for value in values:
        found, target = matcher.match(value)
        if role == "organisation" and not found:
            continue  # an organisation outside the roster is kept as text
        shown = target if found and target else "null"
        lines.append(f"    {_q(value)}: {shown}{'' if found else '   # à compléter'}")
    return lines


def draft_yaml(draft: MappingDraft) -> str:
    """The mapping text of ``draft`` (see the module docstring)."""
    fw = draft.framework
    items = {i.id: i for i in fw.items}
    lines = [
        f"# Correspondance proposée pour {draft.file} : vérifiez chaque ligne avant d'importer.",
        "# Une colonne n'est associée à un item du cadre que par le texte de sa question.",
        f"instrument: {draft.instrument}",
    ]
    if draft.format not in ("generic", "signin"):
        lines.append(f"format: {draft.format}")
    lines.append(f"wave: {draft.wave}" if draft.wave
                 else "# wave: T1   # si le nom du fichier ne la dit pas")
    if draft.person:
        lines.append("person: {columns: [" + ", ".join(_q(c) for c in draft.person) + "]}"
                     "   # données personnelles : servent seulement à l'identifiant pseudonyme")
    else:
        lines.append("# person: {columns: [prenom, nom]}   # absent : répondants anonymes, "
                     "propres à ce questionnaire (pas de suivi entre vagues)")
        if draft.person_note:
            lines.append(f"#   « {draft.person_note} » se répète d'une ligne à l'autre : ce "
                         "n'est pas un identifiant de personne (réponses en double ?)")
    by_role: dict[str, list[ColumnProposal]] = {}
    for proposal in draft.columns:
        by_role.setdefault(proposal.active_role, []).append(proposal)
    for role in ("group", "qpv", "organisation"):
        chosen = by_role.get(role, [])
        if chosen:
            lines += _choice_lines(draft, role, chosen[0].column, _all_values(chosen[0]))
        else:
            lines.append(f"# {role}: {{column: ?, values: {{}}}}")
    missing: list[str] = []
    blank: list[str] = []
    item_lines: list[str] = []
    for proposal in by_role.get("item", []):
        item = items[proposal.item]
        codes = item_codes(proposal.scale, fw.scales[item.scale]) or {}
        value = proposal.item if not codes else _flow({"item": proposal.item, "codes": codes})
        item_lines.append(f"  {_q(proposal.column)}: {value}"
                          f"   # même question que {proposal.item} ({proposal.score:.0f} %)")
    lines += ["items:" if item_lines else "items: {}", *item_lines]
    uncertain = [p for p in draft.columns if p.role == "item" and not p.confirmed]
    if uncertain:
        lines.append("# À confirmer : ces colonnes ressemblent à un item du cadre sans certitude ;"
                     " elles sont importées comme nouveaux items tant que vous ne remplacez pas "
                     "leur ligne de new_items par celle-ci sous items :")
        lines += [f"#   {_q(p.column)}: {p.item}   # {p.score:.0f} % : "
                  f"« {items[p.item].text_fr} »" for p in uncertain]
    new_scales: dict[str, dict[str, Any]] = {}
    new_lines: list[str] = []
    for proposal in by_role.get("new_item", []):
        scale = proposal.scale
        if scale is None:
            continue
        scale_id, codes = scale_for(scale, draft, new_scales)
        spec: dict[str, Any] = {"id": proposal.new_id, "text_fr": _text(proposal.column),
                                "scale": scale_id, "lessons": list(proposal.lessons)}
        if codes:
            spec["codes"] = codes
        new_lines.append(f"  {_q(proposal.column)}: {_flow(spec)}")
    for proposal in draft.columns:
        if proposal.scale is not None and proposal.active_role in ("item", "new_item"):
            missing += [m for m in proposal.scale.missing if m not in missing]
            blank += [b for b in proposal.scale.blank if b not in blank]
    if new_lines:
        lines.append("# Questions que le cadre ne connaît pas, proposées comme nouveaux items "
                     "de l'instrument : ajoutez leurs enseignements (lessons), puis ajoutez-les "
                     "au cadre pour les utiliser dans les indicateurs.")
    lines += ["new_items:" if new_lines else "new_items: {}", *new_lines]
    if new_scales:
        lines.append("new_scales:")
        lines += [f"  {name}: {_flow(spec)}" for name, spec in new_scales.items()]
    lines += ["answers:", f"  scale: {draft.scale_id}"]
    if missing:
        lines.append(f"  missing: {_flow(missing)}   # « ne se prononce pas » et variantes")
    if blank:
        lines.append(f"  blank: {_flow(blank)}   # question non posée : sans réponse")
    open_text = by_role.get("open_text", [])
    lines.append("open_text:" if open_text else "open_text: {}")
    lines += [f"  {_q(p.column)}: {_q(_text(p.column))}" for p in open_text]
    ignored = [p.column for p in by_role.get("ignore", [])]
    lines.append("ignore: [" + ", ".join(_q(c) for c in ignored) + "]")
    others = by_role.get("other", [])
    if others:
        lines.append("# Colonnes non reconnues (ajoutez-les à items, new_items, open_text ou "
                     "ignore) :")
        lines += [f"#   - {_q(p.column)}" for p in others]
    return "\n".join(lines) + "\n"


def _text(column: str) -> str:
    texts = question_texts(column)
    return texts[0] if texts else column


def _all_values(proposal: ColumnProposal) -> list[str]:
    return proposal.values
