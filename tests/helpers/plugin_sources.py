"""Source code of plugin players that the cli and packaging tests install: one copy each."""

__all__ = ["WALL"]

WALL = '''
from mygame.logic import Command, Side


class WallPlayer:
    """Follows the ball; its seed moves its aim a little, so another seed plays otherwise."""

    def __init__(self, *, seed: int) -> None:
        self.aim = (seed % 3 - 1) * 1.5

    def command(self, view, side):
        paddle = view.left_y if side is Side.LEFT else view.right_y
        target = view.ball_y + self.aim
        if target < paddle - 0.5:
            return Command.UP
        if target > paddle + 0.5:
            return Command.DOWN
        return Command.STAY
'''
"""The source of a good plugin player (module ``wall_player``, factory ``WallPlayer``)."""
