"""Try every real export of a local research folder (not shipped: most have no licence or hold
personal data) through the readers, the draft mapping and an import with the unedited draft.

    .venv/bin/python bench/real_exports_check.py [/work/realexports/files]

Prints one line per file: recognised format, responses (and unfinished), renamed headers,
personal columns, repaired text; then what the unedited draft stored (respondents, answers on
existing framework items, answers on proposed new items) or why not. Skips when the folder is
absent.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

FOLDER = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/realexports/files")


def main() -> int:
    if not FOLDER.is_dir():
        print(f"skipped: {FOLDER} absent")
        return 0
    from workbench.errors import ImportProblem, WorkbenchError
    from workbench.framework import load_framework
    from workbench.ingest import import_file
    from workbench.ingest.mapping_draft import build_draft
    from workbench.privacy import Pseudonymiser
    from workbench.sources import detect
    from workbench.store import Store

    fw = load_framework()
    existing = {i.id for i in fw.items}
    for path in sorted(FOLDER.iterdir()):
        if path.suffix.lower() not in {".csv", ".xlsx", ".sav", ".dat"}:
            continue
        try:
            raw = detect(path)
        except WorkbenchError as exc:
            print(f"{path.name}: NOT READ [{exc.key}] {exc.message[:160]}")
            continue
        except Exception:  # a crash is what this script looks for
            print(f"{path.name}: CRASH\n{traceback.format_exc(limit=3)}")
            continue
        line = (f"{path.name}: {raw.format}, {len(raw.frame)} responses"
                f"{f' (+{raw.n_unfinished} unfinished)' if raw.n_unfinished else ''}, "
                f"{len(raw.columns)} columns, {len(raw.renamed_columns)} renamed, "
                f"header line {raw.header_line}"
                f"{' (two rows joined)' if raw.joined_header_line else ''}, "
                f"personal {sorted(set(raw.personal_columns.values()))}, "
                f"{len(raw.text_repairs)} repaired, {len(raw.mangled_cells)} mangled")
        try:
            draft = build_draft(raw, fw)
            with tempfile.TemporaryDirectory() as tmp:
                mapping = Path(tmp) / "draft.mapping.yml"
                mapping.write_text(draft.to_yaml(), encoding="utf-8")
                store = Store(Path(tmp) / "store.sqlite")
                report = import_file(path, wave="T1", mapping=mapping, kind="questionnaire",
                                     store=store, framework=fw,
                                     pseudonymiser=Pseudonymiser(b"k" * 32))
                responses = store.read("responses")
                on_existing = int(responses["item_id"].isin(existing).sum())
                line += (f" | draft: {len(draft.matched)} matched, {len(draft.uncertain)} to "
                         f"confirm, {len(draft.new_items)} new items | imported "
                         f"{report.rows_imported} respondents, {len(responses)} answers "
                         f"({on_existing} on existing items)")
        except ImportProblem as exc:
            keys = sorted({p.key for p in exc.problems})
            line += f" | import refused: {len(exc.problems)} problem(s) {keys}: {exc.message[:160]}"
        except Exception:
            line += f" | CRASH\n{traceback.format_exc(limit=4)}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
