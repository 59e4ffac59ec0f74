"""The public surface of mygame.draw: exactly these names, sorted, documented."""

from __future__ import annotations

import inspect

import mygame.draw

PUBLIC = {
    "ALT_SCREEN_OFF", "ALT_SCREEN_ON", "BLANK", "CLEAR_SCREEN", "CURSOR_HIDE", "CURSOR_SHOW",
    "DEFAULT_SIZE", "DEFAULT_THEME", "MIN_COLUMNS", "MIN_ROWS", "MONOCHROME", "PLAIN",
    "RESET_STYLE", "SYNC_BEGIN", "SYNC_END", "WRAP_OFF", "WRAP_ON",
    "Canvas", "Cell", "Color", "ColorDepth", "DrawError", "Drawable", "Frame", "PixelGrid",
    "Rect", "ResultLike", "Scene", "StateLike", "Style", "TerminalRenderer", "Theme",
    "__version__", "detect_color_depth", "diff_frames", "draw_frame", "draw_game",
    "enter_screen", "fits", "frame_to_ansi", "leave_screen", "match_over_message",
    "render_svg", "scene_of", "sgr_transition", "to_ascii", "wants_ascii",
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


def test_mygame_is_a_namespace_without_an_init() -> None:
    import mygame  # noqa: PLC0415

    assert getattr(mygame, "__file__", None) is None
