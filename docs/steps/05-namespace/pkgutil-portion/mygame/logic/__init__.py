"""mygame.logic, from a pkgutil-style portion."""

def play_game():
    return {"left": 3, "right": 1}
