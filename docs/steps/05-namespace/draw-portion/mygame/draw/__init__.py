"""mygame.draw, from the second portion."""

def draw_game(result):
    print(f"left {result['left']} : {result['right']} right")
