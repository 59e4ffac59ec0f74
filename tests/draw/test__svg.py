"""Tests of the SVG picture: well-formed XML with the expected shapes, in field units."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mygame.draw import MONOCHROME, Rect, Scene, render_svg
from mygame.logic import Match, Settings, play_game

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode())  # noqa: S314  (our own output, not untrusted input)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in e.get("class", "").split()]


def test_svg_of_a_live_match_parses_and_has_every_shape() -> None:
    root = parse(render_svg(Match(Settings(), seed=3)))
    assert root.tag == f"{SVG}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, width) == (0, 80)
    assert y < 0
    assert y + height > 48  # bands above and below the field
    assert len(by_class(root, "paddle")) == 2
    assert len(by_class(root, "ball")) == 1  # serving: the ball waits at the centre
    assert len(by_class(root, "wall")) == 2
    assert len(by_class(root, "dash")) > 5
    assert [e.text for e in by_class(root, "score")] == ["0", "0"]
    assert root.get("shape-rendering") == "crispEdges"


def test_paddles_and_ball_are_placed_in_field_units() -> None:
    scene = Scene(80, 48, Rect(2, 20, 1, 8), Rect(77, 4, 1, 8), Rect(40, 30, 1, 1))
    root = parse(render_svg(scene))
    [left] = [e for e in by_class(root, "paddle") if "left" in e.get("class", "")]
    assert [left.get(a) for a in ("x", "y", "width", "height")] == ["2", "20", "1", "8"]
    [ball] = by_class(root, "ball")
    assert (ball.get("x"), ball.get("y")) == ("40", "30")


def test_svg_of_a_result_shows_the_final_score_and_a_match_over_box() -> None:
    result = play_game(seed=5)
    root = parse(render_svg(result))
    assert [e.text for e in by_class(root, "score")] == [str(s) for s in result.score]
    texts = [e.text for e in by_class(root, "message")[0].iter(f"{SVG}text")]
    assert texts[0] == "match over"
    assert by_class(root, "ball") == []


def test_text_is_escaped_so_any_status_stays_well_formed() -> None:
    scene = Scene(80, 48, Rect(2, 20, 1, 8), Rect(77, 4, 1, 8), None)
    root = parse(render_svg(scene, status='<b> & "q" \x07', message=("a < b",)))
    [status] = by_class(root, "status")
    assert status.text == '<b> & "q" \N{REPLACEMENT CHARACTER}'


def test_player_names_label_the_score_band_only_when_given() -> None:
    root = parse(render_svg(play_game(seed=1), names=("you", "<cpu>")))
    assert [e.text for e in by_class(root, "name")] == ["you", "<cpu>"]
    assert by_class(parse(render_svg(play_game(seed=1))), "name") == []


def test_monochrome_svg_is_white_on_black() -> None:
    root = parse(render_svg(play_game(seed=1), MONOCHROME, width=400))
    assert root.get("width") == "400"
    fills = {e.get("fill") for e in root.iter() if e.get("fill")}
    assert fills <= {"#000000", "#ffffff"}
