"""pong.draw: pictures of a game; finds its sibling module with a relative import."""

from .logic import play_game


def draw_game(result):
    """Show the result of a game."""
    print(f"left {result['left']} : {result['right']} right")


if __name__ == "__main__":
    draw_game(play_game())
