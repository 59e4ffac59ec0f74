"""Run by `python -m pong`: a package can be a program too."""

from pong import draw_game, play_game

draw_game(play_game())
