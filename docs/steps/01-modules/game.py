"""game.py: the game itself; it leaves the drawing to draw.py."""

import draw


def play_game():
    """Play a (very short) game and return its result."""
    return {"left": 3, "right": 1}


def main():
    result = play_game()
    draw.draw_game(result)


# Run main() only when this file is run (python game.py), not when it is imported.
if __name__ == "__main__":
    main()
