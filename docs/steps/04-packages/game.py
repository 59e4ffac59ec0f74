"""game.py: uses the package through the names its __init__.py offers."""

from pong import draw_game, play_game

draw_game(play_game())
