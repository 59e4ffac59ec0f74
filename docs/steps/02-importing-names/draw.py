"""draw.py, now saying which of its names are public."""

__all__ = ["draw_game"]

BLANK = " "


def draw_game(result):
    """Show the result of a game."""
    print(f"left {result['left']} : {result['right']} right")


def clear_screen():
    """Clear the terminal (an ANSI escape sequence)."""
    print("\033[2J", end="")
