"""The mapping of a questionnaire as a form (the import app shows it when a file has none):
one line per column with what the draft proposes (framework item, new item, free text, person
key, group, QPV, organisation, ignored), the answer scale it detected, and a « confirm » box for
a match the draft is not sure of. Saving writes the mapping file for the user.

>>> form = MappingForm(build_draft(raw, fw), fw)            # doctest: +SKIP
>>> form.controls["Vous êtes :"].value = "group"; form.yaml  # doctest: +SKIP
"""

from __future__ import annotations

import re

import ipywidgets as widgets

from workbench.apps.display import escape, speaks
from workbench.framework import Framework
from workbench.i18n import t
from workbench.ingest.answers import DetectedScale
from workbench.ingest.mapping_draft import ColumnProposal, MappingDraft

ROLE_CHOICES = ("new_item", "open_text", "person", "group", "qpv", "organisation", "ignore",
                "other")
_ITEM = "item:"
_SHORT = 60


def scale_text(scale: DetectedScale | None) -> str:
    """« likert5 », « accord4 : 4 points », « codes 1 à 7 », with the « don't know » texts."""
    if scale is None:
        return ""
    if scale.kind in ("coded", "numeric"):
        text = t("import.form.scale_codes", low=scale.low, high=scale.high)
    else:
        text = t("import.form.scale_named", name=scale.kind if scale.kind != "framework"
                 else "likert5", points=scale.points)
    if scale.missing:
        text += " · " + t("import.form.scale_missing", labels=", ".join(scale.missing[:3]))
    return text


class MappingForm(widgets.VBox):
    """Review and confirm a draft mapping. ``controls`` maps each column to its choice
    (a ``Dropdown``: ``"item:Q01"``, ``"new_item"``, ``"open_text"``, ``"person"``, ``"group"``,
    ``"qpv"``, ``"organisation"``, ``"ignore"``, ``"other"``); ``confirmations`` maps each
    uncertain column to its « confirm » ``Checkbox``; ``lessons`` maps each scale question to
    the lessons (``L1, L3``) its new item informs."""

    @speaks
    def __init__(self, draft: MappingDraft, framework: Framework) -> None:
        self.draft = draft
        self.framework = framework
        items = [i for i in framework.items if draft.instrument in i.instrument]
        item_choices = [(f"{i.id} · {i.text_fr[:_SHORT]}", f"{_ITEM}{i.id}") for i in items]
        role_choices = [(t(f"import.form.role.{r}"), r) for r in ROLE_CHOICES]
        self.controls: dict[str, widgets.Dropdown] = {}
        self.confirmations: dict[str, widgets.Checkbox] = {}
        self.lessons: dict[str, widgets.Text] = {}
        lines = []
        for proposal in draft.columns:
            if proposal.note == "metadata":
                continue
            personal = proposal.note.startswith("personal:")
            choices = ([c for c in role_choices if c[1] in ("person", "ignore")] if personal
                       else [*item_choices, *role_choices])
            value = self._initial(proposal)
            if value not in [c[1] for c in choices]:
                value = "ignore" if personal else "other"
            control = widgets.Dropdown(options=choices, value=value,
                                       layout=widgets.Layout(width="340px"))
            self.controls[proposal.column] = control
            detail = self._detail(proposal)
            row = [widgets.HTML(f"<span title='{escape(proposal.column)}'>"
                                f"{escape(proposal.column[:90])}</span>",
                                layout=widgets.Layout(width="380px")), control]
            if proposal.role == "item" and not proposal.confirmed and proposal.item:
                box = widgets.Checkbox(value=False, indent=False, description=t(
                    "import.form.confirm", item=proposal.item, score=round(proposal.score)))
                box.observe(self._on_confirm(proposal.column, proposal.item), names="value")
                self.confirmations[proposal.column] = box
                row.append(box)
            if proposal.scale is not None:
                lessons = widgets.Text(value=", ".join(proposal.lessons),
                                       placeholder=t("import.form.lessons_hint"),
                                       layout=widgets.Layout(width="110px"))
                self.lessons[proposal.column] = lessons
                row.append(lessons)
            row.append(widgets.HTML(f"<small>{escape(detail)}</small>"))
            lines.append(widgets.HBox(row))
        header = widgets.HTML(
            f"<p class='wb-note'>{escape(t('import.form.intro', count=len(self.controls)))}"
            f"</p>")
        super().__init__(children=[header, *lines])

    @staticmethod
    def _initial(proposal: ColumnProposal) -> str:
        role = proposal.active_role
        if role == "item" and proposal.item:
            return f"{_ITEM}{proposal.item}"
        return role

    @staticmethod
    def _detail(proposal: ColumnProposal) -> str:
        parts = []
        if proposal.note.startswith("personal:"):
            parts.append(t("import.form.personal",
                           kind=t(f"import.personal.{proposal.note.split(':', 1)[1]}")))
        if proposal.note.startswith("scale_mismatch:"):
            parts.append(t("import.form.scale_mismatch", item=proposal.note.split(":", 1)[1]))
        if proposal.scale is not None:
            parts.append(scale_text(proposal.scale))
        elif proposal.values:
            parts.append(", ".join(v[:30] for v in proposal.values[:4]))
        return " — ".join(parts)

    def _on_confirm(self, column: str, item: str):
        def changed(change: dict) -> None:
            control = self.controls[column]
            if change["new"]:
                control.value = f"{_ITEM}{item}"
            elif control.value == f"{_ITEM}{item}":
                control.value = "new_item"
        return changed

    def apply(self) -> MappingDraft:
        """The draft with every choice of the form applied (a chosen item is confirmed)."""
        for column, control in self.controls.items():
            value = control.value
            proposal = self.draft.proposal(column)
            if value.startswith(_ITEM):
                item = value[len(_ITEM):]
                if proposal.role == "item" and proposal.item == item:
                    self.draft.confirm(column)
                else:
                    self.draft.set_role(column, "item", item=item)
            elif value != proposal.active_role:
                self.draft.set_role(column, value)
            if column in self.lessons:
                proposal.lessons = [p.strip().upper() for p in re.split(
                    r"[,;\s]+", self.lessons[column].value) if p.strip()]
        return self.draft

    @property
    def yaml(self) -> str:
        """The mapping file's text with the form's choices."""
        return self.apply().to_yaml()
