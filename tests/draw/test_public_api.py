"""The public surface of mygame.draw: exactly these names, sorted, documented."""

from __future__ import annotations

import inspect

import mygame.draw
import pytest
from mygame.logic import MatchView

PUBLIC = {
    "BLANK", "DEFAULT_SIZE", "DEFAULT_THEME", "MIN_COLUMNS", "MIN_ROWS", "MONOCHROME", "PLAIN",
    "Canvas", "Cell", "Color", "ColorDepth", "DrawError", "Drawable", "Frame", "Rect", "Scene",
    "Style", "TerminalRenderer", "Theme", "__version__", "detect_color_depth", "diff_frames",
    "draw_frame", "draw_game", "enter_screen", "fits", "frame_to_ansi", "leave_screen",
    "match_over_message", "render_svg", "scene_of", "to_ascii", "wants_ascii",
}  # fmt: skip

# Exported by mygame-draw 1.1, private since: importable with a warning until 2.0.
DEPRECATED = {
    "ALT_SCREEN_OFF": "leave_screen()", "ALT_SCREEN_ON": "enter_screen()",
    "CLEAR_SCREEN": "enter_screen()", "CURSOR_HIDE": "enter_screen()",
    "CURSOR_SHOW": "leave_screen()", "RESET_STYLE": "leave_screen()",
    "SYNC_BEGIN": "TerminalRenderer", "SYNC_END": "TerminalRenderer",
    "WRAP_OFF": "enter_screen()", "WRAP_ON": "leave_screen()",
    "PixelGrid": "draw_frame()", "ResultLike": "mygame.logic.GameResult",
    "StateLike": "mygame.logic.MatchView", "sgr_transition": "frame_to_ansi()",
}  # fmt: skip


def isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each alphabetical (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_lists_exactly_the_public_names_sorted() -> None:
    assert set(mygame.draw.__all__) == PUBLIC
    assert mygame.draw.__all__ == sorted(mygame.draw.__all__, key=isort_key)


def test_every_public_function_and_class_has_a_docstring() -> None:
    for name in mygame.draw.__all__:
        obj = getattr(mygame.draw, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), name


def test_version_is_a_release_number() -> None:
    assert mygame.draw.__version__.count(".") == 2


@pytest.mark.parametrize("name", sorted(DEPRECATED))
def test_a_name_made_private_still_imports_with_a_warning_naming_its_replacement(
    name: str,
) -> None:
    with pytest.warns(
        DeprecationWarning, match=rf"mygame\.draw\.{name} is deprecated .* 2\.0"
    ) as w:
        value = getattr(mygame.draw, name)
    assert DEPRECATED[name] in str(w[0].message)
    assert value is not None
    assert name not in mygame.draw.__all__


def test_the_deprecated_values_are_the_ones_1_1_exported() -> None:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        from mygame.draw import (  # type: ignore[attr-defined]  # noqa: PLC0415
            SYNC_END,
            WRAP_OFF,
            StateLike,
        )
    assert (WRAP_OFF, SYNC_END) == ("\x1b[?7l", "\x1b[?2026l")
    assert StateLike is MatchView


def test_a_name_it_never_had_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'WRAP_SIDEWAYS'"):
        _ = mygame.draw.WRAP_SIDEWAYS  # type: ignore[attr-defined]


def test_mygame_is_a_namespace_without_an_init() -> None:
    import mygame  # noqa: PLC0415

    assert getattr(mygame, "__file__", None) is None
