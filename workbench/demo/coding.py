"""The demo's two simulated coders (what evaluators do in the coding app)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.framework import Framework
from workbench.ingest.coding import coder_id
from workbench.normalise import normalise_label
from workbench.privacy.pseudonyms import Pseudonymiser
from workbench.stats.agreement import NO_CODE, VALENCE_CODE
from workbench.store import Store, now_iso

DEMO_CUES: dict[str, tuple[str, ...]] = {
    "L1": ("elu", "maire", "adjoint", "politique"),
    "L2": ("service", "droit commun", "decloison", "direction"),
    "L3": ("temps", "urgence", "rythme", "patience"),
    "L4": ("nous", "ensemble", "collectif", "solidar", "commun"),
    "L5": ("pratique", "posture", "anim", "cooper", "intelligence collective"),
    "L6": ("espoir", "envie", "desir", "avenir", "capable", "fier"),
    "L7": ("resultat", "pilotage", "appel a projet", "cite educative", "contagion", "change"),
}


def code_demo_verbatims(store: Store, fw: Framework, *, seed: int = 2023,
                        coders: Sequence[str] = ("Codeuse Démo A", "Codeur Démo B"),
                        disagreement: float = 0.15,
                        pseudonymiser: Pseudonymiser | None = None) -> int:
    """FOR THE DEMO ONLY: simulate coders on the demo verbatims (keyword cues per lesson, then
    each coder flips a decision with probability ``disagreement``), so that the voices section
    and the agreement table have something to show. Returns the number of rows written."""
    rng = np.random.default_rng(seed)
    verbatims = store.read("verbatims")
    lessons = {lesson.id for lesson in fw.lessons}
    ids = [coder_id(name, pseudonymiser) for name in coders]
    rows = []
    for vid, text in zip(verbatims["verbatim_id"], verbatims["text"], strict=True):
        key = normalise_label(text)
        cued = {code for code, cues in DEMO_CUES.items() if code in lessons
                and any(cue in key for cue in cues)}
        for coder in ids:
            flips = {code for code in sorted(lessons) if rng.random() < disagreement / 3}
            codes = cued ^ flips
            for code in sorted(codes) or [NO_CODE]:
                rows.append((vid, code, coder, None))
            rows.append((vid, VALENCE_CODE, coder, int(rng.choice([-1, 0, 1, 1]))))
    frame = pd.DataFrame(rows, columns=["verbatim_id", "code", "coder", "valence"])
    frame["coded_at"] = now_iso()
    return store.replace_codings(ids, frame)
