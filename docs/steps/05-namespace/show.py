"""Import both halves of mygame and show where each comes from."""

import mygame
import mygame.draw
import mygame.logic

print("mygame.__file__:", mygame.__file__)
for portion in mygame.__path__:
    print("portion:", portion)
mygame.draw.draw_game(mygame.logic.play_game())
