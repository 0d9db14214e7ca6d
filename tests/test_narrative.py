"""The evaluator's narrative: which file serves a section, and safe rendering of its Markdown.

The output is checked with the standard library's HTML parser (what a browser would build),
not with the renderer's own notion of safety; a property test throws hostile fragments at it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.config import Paths
from workbench.demo.narrative import write_demo_narrative
from workbench.report.narrative import (
    NarrativeError,
    link_allowed,
    narrative_file,
    narrative_files,
    narrative_html,
    render_markdown,
)

SAFE_TAGS = {"p", "em", "strong", "a", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
             "code", "pre", "hr", "br", "span", "table", "thead", "tbody", "tr", "th", "td",
             "div"}


class Tree(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    @property
    def joined(self) -> str:
        return "".join(self.text)

    @property
    def hrefs(self) -> list[str]:
        return [a.get("href") or "" for tag, a in self.tags if tag == "a"]


def assert_safe(markup: str) -> Tree:
    tree = Tree(markup)
    for tag, attrs in tree.tags:
        assert tag in SAFE_TAGS, (tag, markup)
        assert not any(name.startswith("on") or name in ("src", "srcset", "style")
                       for name in attrs), (tag, attrs)
    for href in tree.hrefs:
        assert href.startswith("#") or ("://" not in href and not href.startswith("//")), href
        assert ":" not in href.split("/")[0] or href.startswith("#"), href
    return tree


def test_raw_html_is_shown_as_text() -> None:
    text = "Avant <script>alert(1)</script> puis <img src=x onerror=alert(1)> et <b>gras</b>"
    tree = assert_safe(render_markdown(text))
    assert tree.joined.strip() == text
    block = assert_safe(render_markdown("<div onclick='x()'>\n<iframe src=//h.example></iframe>\n"
                                        "</div>\n"))
    assert "<iframe src=//h.example></iframe>" in block.joined


@pytest.mark.parametrize(("source", "kept"), [
    ("[méthode](#methode)", "#methode"),
    ("[annexe](annexes/tableaux.xlsx)", "annexes/tableaux.xlsx"),
    ("[annexe](../annexe.html#p2)", "../annexe.html#p2"),
    ("[note](#x\"onmouseover=\"alert(1))", "#x%22onmouseover=%22alert(1)"),
])
def test_anchor_and_relative_links_are_kept(source: str, kept: str) -> None:
    tree = assert_safe(render_markdown(source))
    assert tree.hrefs == [kept]


@pytest.mark.parametrize("target", [
    "https://exemple.invalid/a", "http://exemple.invalid", "//exemple.invalid/x",
    "mailto:someone@exemple.invalid", "ftp://exemple.invalid/f", "/\\exemple.invalid",
    "HTTPS://EXEMPLE.INVALID", "java&#x09;script:alert(1)", "%68ttps://exemple.invalid",
    "https:exemple.invalid",
])
def test_other_links_become_text(target: str) -> None:
    tree = assert_safe(render_markdown(f"Voir [le site]({target}) ici."))
    assert tree.hrefs == []
    assert "le site" in tree.joined


def test_remote_link_shows_its_address_and_autolinks_stay_text() -> None:
    tree = assert_safe(render_markdown("[site](https://exemple.invalid/p) et "
                                       "<https://exemple.invalid/auto>"))
    assert tree.hrefs == []
    assert "site (https://exemple.invalid/p)" in tree.joined
    assert "https://exemple.invalid/auto" in tree.joined


def test_dangerous_schemes_and_references_never_become_links() -> None:
    source = ("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) "
              "[d](vbscript:x) [e][ref]\n\n[ref]: https://exemple.invalid/r\n")
    tree = assert_safe(render_markdown(source))
    assert tree.hrefs == []


def test_images_are_never_loaded() -> None:
    tree = assert_safe(render_markdown("![vue du pont](https://exemple.invalid/p.png) "
                                       "![plan](plan.png)"))
    assert not [tag for tag, _ in tree.tags if tag == "img"]
    assert "vue du pont" in tree.joined and "plan" in tree.joined


def test_headings_sit_under_the_section_title() -> None:
    markup = render_markdown("# Titre\n\n## Sous-titre\n\n###### Six\n")
    assert "<h3>Titre</h3>" in markup and "<h4>Sous-titre</h4>" in markup
    assert "<h6>Six</h6>" in markup and "<h1>" not in markup and "<h2>" not in markup


def test_link_allowed() -> None:
    assert link_allowed("#x") and link_allowed("a/b.html") and link_allowed("../c")
    for bad in ("", "https://h", "//h", "\\\\h", "java\tscript:x", "a b", "mailto:x",
                "/%5Ch.example", "java%09script:alert(1)", "%68ttps://h", "https:h"):
        assert not link_allowed(bad), bad


FRAGMENTS = st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<a href='https://h'>", "[", "]",
    "(", ")", "](", "javascript:", "https://h.example", "//h", "#x", "![", "<", ">", "\"", "'",
    "`", "*", "_", "\n", "\n\n", "# ", "> ", "- ", "| a | b |\n|---|---|\n", "<https://h>",
    "&lt;", "&#x3C;script&#x3E;", "onload=", " ", "texte", "<iframe src=//h>", "\\",
    "<svg onload=alert(1)>", "<style>@import 'https://h';</style>", "[r]: //h\n", "[r]",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_any_input_renders_to_safe_markup(text: str) -> None:
    assert_safe(render_markdown(text))


# --- files ---------------------------------------------------------------------------------------
def test_qpv_file_overrides_the_territory_file(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    folder = paths.narrative
    (folder / "tilleuls").mkdir(parents=True)
    (folder / "L1.md").write_text("Texte du territoire.", encoding="utf-8")
    (folder / "tilleuls" / "L1.md").write_text("Texte des Tilleuls.", encoding="utf-8")
    (folder / "voix.md").write_text("  \n", encoding="utf-8")
    assert narrative_file(paths, "L1") == folder / "L1.md"
    assert narrative_file(paths, "L1", qpv="*") == folder / "L1.md"
    assert narrative_file(paths, "L1", qpv="tilleuls") == folder / "tilleuls" / "L1.md"
    assert narrative_file(paths, "L1", qpv="moulin") == folder / "L1.md"
    assert narrative_file(paths, "L2", qpv="tilleuls") is None
    assert "Texte des Tilleuls." in narrative_html(paths, "L1", qpv="tilleuls")
    assert 'data-source="tilleuls/L1.md"' in narrative_html(folder, "L1", qpv="tilleuls")
    assert "Texte du territoire." in narrative_html(paths, "L1", qpv="moulin")
    assert narrative_html(paths, "L2") == "" and narrative_html(paths, "voix") == ""
    used = narrative_files(paths, ["L1", "L2", "voix"], qpv="tilleuls")
    assert used == {"L1": folder / "tilleuls" / "L1.md", "voix": folder / "voix.md"}


@pytest.mark.parametrize(("section", "qpv", "column"), [
    ("../secret", None, "section"), ("L1/../../x", None, "section"), ("", None, "section"),
    ("L1", "../..", "qpv"), ("L1", "/etc", "qpv"),
])
def test_bad_names_are_refused(tmp_path: Path, section: str, qpv: str | None,
                               column: str) -> None:
    with pytest.raises(NarrativeError) as error:
        narrative_file(Paths(tmp_path), section, qpv=qpv)
    assert error.value.key == "narrative_bad_name" and error.value.column == column
    assert "invalide" in error.value.message


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    folder = Paths(tmp_path).narrative
    folder.mkdir(parents=True)
    (folder / "L3.md").write_bytes("Ligne une\nPremière ligne é\n".encode("cp1252"))
    with pytest.raises(NarrativeError) as error:
        narrative_html(Paths(tmp_path), "L3")
    assert error.value.key == "narrative_not_utf8"
    assert error.value.file.endswith("L3.md") and error.value.row == 2
    assert "L3.md" in error.value.message and "UTF-8" in error.value.message
    (folder / "L4.md").write_bytes("\ufeffAvec BOM".encode())
    assert "Avec BOM" in narrative_html(Paths(tmp_path), "L4")


def test_demo_narrative_is_fictional_inert_and_never_overwrites(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    paths.narrative.mkdir(parents=True)
    (paths.narrative / "L2.md").write_text("Texte de l'évaluatrice.", encoding="utf-8")
    written = write_demo_narrative(paths)
    names = {f.relative_to(paths.narrative).as_posix() for f in written}
    assert {"barometre.md", "L1.md", "conclusion.md", "tilleuls/L1.md"} <= names
    assert "L2.md" not in names
    assert (paths.narrative / "L2.md").read_text(encoding="utf-8") == "Texte de l'évaluatrice."
    for file in written:
        assert "texte fictif" in file.read_text(encoding="utf-8").lower()
    hostile = [f for f in written if "<script>" in f.read_text(encoding="utf-8")]
    assert hostile
    for file in hostile:
        section = file.stem
        tree = assert_safe(narrative_html(paths, section))
        assert "<script>alert(1)</script>" in tree.joined
    assert write_demo_narrative(paths) == []
