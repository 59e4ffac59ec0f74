"""draw.py: everything about showing a game on the screen."""


def draw_game(result):
    """Show the result of a game."""
    print(f"left {result['left']} : {result['right']} right")


def clear_screen():
    """Clear the terminal (an ANSI escape sequence)."""
    print("\033[2J", end="")
