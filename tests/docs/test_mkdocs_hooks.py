"""Tests of the site's hooks: links leaving docs/, the README's pictures, copy buttons, mermaid."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from mygame_devtools.docs import mkdocs_hooks


@dataclass
class File:
    src_uri: str


@dataclass
class Page:
    file: File


def rewrite(markdown: str, page: str = "01-modules.md") -> str:
    page_object = Page(File(page))
    result: str = mkdocs_hooks.on_page_markdown(markdown, page=page_object, config={}, files=[])
    return result


def test_link_to_a_repository_file_points_at_github() -> None:
    """`../noxfile.py` is not part of the site: it becomes the file on GitHub."""
    assert rewrite("see [it](../noxfile.py).") == (
        "see [it](https://github.com/mygame-dev/mygame/blob/main/noxfile.py)."
    )


def test_link_to_a_step_folder_points_at_the_github_tree() -> None:
    """A folder link (`steps/01-modules/`) becomes GitHub's view of that folder."""
    assert rewrite("[folder](steps/01-modules/)") == (
        "[folder](https://github.com/mygame-dev/mygame/tree/main/docs/steps/01-modules)"
    )


def test_links_between_pages_are_left_for_mkdocs_to_check() -> None:
    """Page-to-page links stay relative, so `mkdocs build --strict` catches broken ones."""
    text = "[next](02-importing-names.md) [anchor](03-module-cache.md#looking-into-the-cache)"
    assert rewrite(text) == text


def test_absolute_urls_and_anchors_in_repository_links_are_kept() -> None:
    """External URLs are untouched; an anchor on a repository link survives the rewrite."""
    assert rewrite("[pep](https://peps.python.org/pep-0420/)") == (
        "[pep](https://peps.python.org/pep-0420/)"
    )
    assert rewrite("[r](../README.md#the-map)", page="README.md") == (
        "[r](https://github.com/mygame-dev/mygame/blob/main/README.md#the-map)"
    )


def test_copy_button_copies_commands_only() -> None:
    """A console block's data-copy holds its commands: no `$` prompt, no output."""
    console = (
        '<div class="highlight"><pre><span></span><code>'
        '<span class="gp">$ </span>echo a &amp;&amp; \\\n'
        '  echo b\n<span class="go">a</span>\n<span class="gp">$ </span>ls\n'
        '<span class="go">dist</span>\n</code></pre></div>'
    )
    python = '<div class="highlight"><pre><span></span><code>print(1)\n</code></pre></div>'
    html = mkdocs_hooks.on_page_content(console + python)
    assert 'data-copy="echo a &amp;&amp; \\\n  echo b\nls"' in html
    assert '<div class="highlight"><pre><span></span><code>print(1)' in html


def test_the_readme_pictures_reach_the_site_index() -> None:
    """The index page's marker becomes the README's mermaid diagrams."""
    marker = "<!-- site: the README's pictures -->"
    markdown = mkdocs_hooks.on_page_markdown(marker, page=Page(File("README.md")))
    assert markdown.count("```mermaid") == 2
    assert "namespace mygame: no mygame/__init__.py" in markdown


THEME = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'


def test_a_page_with_a_diagram_loads_mermaid_after_the_theme() -> None:
    """The site's own mermaid, on the page's relative path, right after the theme's script."""
    page = f'<div class="mermaid">graph LR; a--&gt;b</div>{THEME}<script>x</script>'
    assert mkdocs_hooks.on_post_page(page) == (
        f'<div class="mermaid">graph LR; a--&gt;b</div>{THEME}'
        '<script src="../assets/javascripts/mermaid.min.js"></script><script>x</script>'
    )


def test_a_page_without_a_diagram_does_not_load_mermaid() -> None:
    """3.5 MB of script a page without a diagram has no use for."""
    page = f"<p>no diagram</p>{THEME}"
    assert mkdocs_hooks.on_post_page(page) == page


def test_a_diagram_with_no_theme_script_to_follow_fails_the_build() -> None:
    """A theme that changed its script's name must not leave diagrams silently undrawn."""
    with pytest.raises(RuntimeError, match="no theme script"):
        mkdocs_hooks.on_post_page('<div class="mermaid">graph LR; a</div>')
