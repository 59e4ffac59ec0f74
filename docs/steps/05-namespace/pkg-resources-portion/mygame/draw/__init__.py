"""mygame.draw, from a pkg_resources-style portion."""

def draw_game(result):
    print(f"left {result['left']} : {result['right']} right")
