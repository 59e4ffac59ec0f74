"""game.py with `from draw import draw_game`: shorter calls, one name to know."""

from draw import draw_game


def play_game():
    """Play a (very short) game and return its result."""
    return {"left": 3, "right": 1}


if __name__ == "__main__":
    draw_game(play_game())
