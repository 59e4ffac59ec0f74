"""mygame.logic, from the first portion."""

def play_game():
    return {"left": 3, "right": 1}
