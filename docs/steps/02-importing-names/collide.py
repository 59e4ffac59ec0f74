"""Two star imports: the second silently replaces the first one's draw_game."""

from draw import *
from svg import *

draw_game({"left": 3, "right": 1})
