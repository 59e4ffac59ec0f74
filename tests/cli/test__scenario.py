"""The match scenario: keys to paddle commands, pause, quit, end screen, idle frames."""

from __future__ import annotations

import pytest
from mygame.cli._guard import ForfeitError, GuardedPlayer, Lateness
from mygame.cli._play import _forfeited
from mygame.cli._scenario import END_GRACE_SECONDS, Keyboard, MatchScenario, Mode
from mygame.draw import ColorDepth, TerminalRenderer
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    HumanPlayer,
    Match,
    MatchView,
    Player,
    Settings,
    Side,
)

SIZE = (80, 24)


def current(human: HumanPlayer) -> Command:
    """Read the command afresh (keeps mypy from narrowing it across calls)."""
    return human.current


def finished(game: MatchScenario) -> bool:
    return game.finished


def idle(game: MatchScenario) -> bool:
    return game.idle


def scenario(
    mode: Mode = Mode.PLAY, target: int = 11, seed: int = 1
) -> tuple[MatchScenario, HumanPlayer]:
    human = HumanPlayer()
    keyboard = Keyboard({"w": (human, Command.UP), "s": (human, Command.DOWN)}, hold_ticks=5)
    match = Match(Settings(target_score=target), seed=seed)
    return (
        MatchScenario(
            mode,
            match,
            (human, ComputerPlayer(Difficulty.MEDIUM, 3)),
            TerminalRenderer(ColorDepth.NONE, names=("you", "computer")),
            names=("you", "computer"),
            status="test",
            keyboard=keyboard if mode is Mode.PLAY else None,
        ),
        human,
    )


class TestKeyboard:
    def test_a_press_holds_the_command_for_the_hold_then_releases(self) -> None:
        human = HumanPlayer()
        keyboard = Keyboard({"w": (human, Command.UP)}, hold_ticks=3)
        assert keyboard.press("w", tick=10)
        keyboard.update(12)
        assert current(human) is Command.UP
        keyboard.update(13)
        assert current(human) is Command.STAY

    def test_auto_repeat_extends_the_hold(self) -> None:
        human = HumanPlayer()
        keyboard = Keyboard({"w": (human, Command.UP)}, hold_ticks=3)
        keyboard.press("w", tick=10)
        keyboard.press("w", tick=12)
        keyboard.update(14)
        assert current(human) is Command.UP

    def test_the_opposite_key_takes_over_at_once_and_unbound_keys_do_nothing(self) -> None:
        human = HumanPlayer()
        keyboard = Keyboard({"w": (human, Command.UP), "s": (human, Command.DOWN)}, 3)
        keyboard.press("w", tick=1)
        keyboard.press("s", tick=2)
        assert current(human) is Command.DOWN
        assert not keyboard.press("x", tick=2)


class TestScenario:
    def test_w_moves_the_left_paddle_up(self) -> None:
        game, _ = scenario()
        start = game.match.left_y
        game.on_key("w")
        for _ in range(5):
            game.tick(SIZE)
        assert game.match.left_y < start

    def test_pause_freezes_the_match_and_resume_continues(self) -> None:
        game, _ = scenario()
        game.on_key("p")
        assert idle(game)
        for _ in range(10):
            game.tick(SIZE)
        assert game.match.tick == 0
        assert game.message() == ("paused", "p or space to resume")
        game.on_key(" ")
        game.tick(SIZE)
        assert game.match.tick == 1

    def test_a_too_small_terminal_pauses_the_match(self) -> None:
        game, _ = scenario()
        game.tick((20, 5))
        assert game.match.tick == 0

    def test_q_ctrl_c_and_escape_quit(self) -> None:
        for key in ("q", "ctrl-c", "escape"):
            game, _ = scenario()
            game.on_key(key)
            assert finished(game)

    def test_the_demo_quits_on_any_key(self) -> None:
        game, _ = scenario(Mode.DEMO)
        game.on_key("x")
        assert finished(game)

    def test_the_end_screen_ignores_keys_for_a_moment_but_not_q(self) -> None:
        game, _ = scenario(target=1)
        while not game.match.over:
            game.tick(SIZE)
        assert game.message() is not None
        assert "match over" in (game.message() or ())
        game.on_key("w")
        assert not finished(game)
        assert not idle(game)  # the grace period still counts ticks
        for _ in range(int(END_GRACE_SECONDS * 60) + 1):
            game.tick(SIZE)
        assert idle(game)
        game.on_key("w")
        assert finished(game)
        again, _ = scenario(target=1)
        while not again.match.over:
            again.tick(SIZE)
        again.on_key("q")
        assert finished(again)

    def test_the_demo_starts_the_next_match_after_the_end_screen(self) -> None:
        game, _ = scenario(Mode.DEMO, target=1)
        made: list[int] = []

        def next_players(seed: int) -> tuple[Player, Player]:
            made.append(seed)
            return ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.HARD, 2)

        game.next_players = next_players
        first = game.match
        while not first.over:
            game.tick(SIZE)
        for _ in range(3 * 60 + 1):
            game.tick(SIZE)
        assert game.match is not first
        assert game.match.seed == first.seed + 1
        assert made == [first.seed + 1]
        assert not game.ended

    def test_the_demo_wraps_round_after_the_highest_seed(self) -> None:
        game, _ = scenario(Mode.DEMO, target=1, seed=2**63 - 1)
        first = game.match
        while not first.over:
            game.tick(SIZE)
        for _ in range(3 * 60 + 1):
            game.tick(SIZE)
        assert game.match.seed == 1 - 2**63

    def test_no_frame_is_drawn_while_nothing_drawable_changes(self) -> None:
        game, _ = scenario()
        assert game.frame(SIZE, full=True)
        game.tick(SIZE)  # the ball waits to be served: nothing moves
        assert game.frame(SIZE, full=False) == b""
        assert game.frame(SIZE, full=True)  # a repaint is always drawn
        game.on_key("w")
        for _ in range(5):  # 5 units: more than one half-block row
            game.tick(SIZE)
        assert game.frame(SIZE, full=False)


class Failing:
    """A plugin's player that breaks the contract at ``tick``."""

    def __init__(self, tick: int, answer: object) -> None:
        self.at, self.answer = tick, answer

    def command(self, view: MatchView, side: Side) -> Command:  # noqa: ARG002 - a Player's
        if view.tick < self.at:
            return Command.STAY
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer  # type: ignore[return-value]


def against(player: object, *, budget: float = 1 / 60) -> MatchScenario:
    guarded = GuardedPlayer(player, Lateness("player 'x'", budget))  # type: ignore[arg-type]
    return MatchScenario(
        Mode.PLAY,
        Match(Settings(), seed=1),
        (HumanPlayer(), guarded),
        TerminalRenderer(ColorDepth.NONE, names=("you", "x")),
        names=("you", "x"),
        status="test",
    )


class TestPluginPlayers:
    def test_a_forfeit_ends_the_match_and_says_who_won(self) -> None:
        game = against(Failing(5, ValueError("nope")))
        for _ in range(10):
            game.tick(SIZE)
        assert game.match.tick == 5  # the tick it failed was not played
        assert game.ended
        assert game.forfeit is not None
        assert game.forfeit.side is Side.RIGHT
        assert "forfeits: its command() raised ValueError: nope" in game.forfeit.message
        assert game.message() == ("x forfeits", "you win", "press any key")
        assert b"any key to leave" in game.frame(SIZE, full=True)
        game.close()
        with pytest.raises(ForfeitError):  # once the terminal is given back: the error line
            _forfeited(game)

    def test_a_slow_player_is_named_on_the_status_line_for_a_moment(self) -> None:
        slow = Failing(0, Command.STAY)
        game = against(slow, budget=0.0)  # every answer is over a budget of nothing
        game.tick(SIZE)
        assert game._status().startswith("x is slow: ")
        assert b"x is slow" in game.frame(SIZE, full=True)
        game.close()
        calm = against(Failing(0, Command.STAY))
        calm.tick(SIZE)
        assert calm._status() == "test"
        calm.close()
