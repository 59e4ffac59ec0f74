"""A mygame player whose paddle follows the ball: the entry point ``wall``."""

from mygame.logic import Command, MatchView, Side


class WallPlayer:
    """Move towards the ball's height, every tick; a class that takes ``seed`` is a factory."""

    def __init__(self, *, seed: int) -> None:
        self.seed = seed  # it plays the same whatever the seed: it has no randomness

    def command(self, view: MatchView, side: Side) -> Command:
        paddle = view.left_y if side is Side.LEFT else view.right_y
        step = view.settings.paddle_speed / view.settings.tick_rate
        if view.ball_y < paddle - step / 2:
            return Command.UP
        if view.ball_y > paddle + step / 2:
            return Command.DOWN
        return Command.STAY
