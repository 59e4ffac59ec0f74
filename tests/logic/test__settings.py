"""Settings: defaults, normalisation, and one clear error per bad value."""

from __future__ import annotations

import dataclasses
import math

import pytest
from mygame.logic import LogicError, Settings, SettingsError


class TestSettings:
    def test_defaults_describe_a_80_by_48_field_to_11(self) -> None:
        s = Settings()
        assert (s.width, s.height, s.target_score, s.tick_rate) == (80.0, 48.0, 11, 60)
        assert s.win_by_two is False

    def test_integers_given_for_lengths_become_floats(self) -> None:
        s = Settings(width=100, height=50)
        assert type(s.width) is float
        assert s.width == 100.0

    def test_settings_are_immutable(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            Settings().width = 3.0  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("field", "value", "fragment"),
        [
            ("width", "wide", "must be a number"),
            ("width", True, "must be a number"),
            ("height", math.nan, "finite"),
            ("height", math.inf, "finite"),
            ("height", 10**400, "finite"),  # an int too large for a float
            ("ball_size", 0.0, "out of range"),
            ("ball_size", -1.0, "out of range"),
            ("paddle_margin", -0.5, "out of range"),
            ("paddle_speed", 0.0, "out of range"),
            ("paddle_speed", 241.0, "at most paddle_height / 2 per tick"),
            ("serve_speed", 500.0, "at most max_speed"),
            ("speedup", 0.5, "between 1 and 10"),
            ("max_slope", -1.0, "between 0 and 100"),
            ("serve_max_slope", 101.0, "between 0 and 100"),
            ("serve_min_slope", 0.9, "serve_max_slope"),
            ("spin", -0.1, "between 0 and 100"),
            ("target_score", 0, "between 1 and 1000"),
            ("target_score", 2.0, "must be an integer"),
            ("target_score", False, "must be an integer"),
            ("win_by_two", 1, "true or false"),
            ("tick_rate", 0, "between 1 and 10000"),
            ("serve_delay", -1, "between 0"),
            ("point_delay", 10**7, "between 0"),
            ("paddle_height", 16.5, "at most height / 3"),
            ("ball_size", 12.5, "at most height / 4"),
            ("width", 7.0, "more than 2 *"),
        ],
    )
    def test_bad_value_raises_settings_error_naming_the_field(
        self, field: str, value: object, fragment: str
    ) -> None:
        with pytest.raises(SettingsError) as info:
            Settings(**{field: value})  # type: ignore[arg-type]
        message = str(info.value)
        assert fragment in message
        assert "\n" not in message
        assert isinstance(info.value, LogicError)
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize(("paddle_height", "tick_rate"), [(8.616, 60), (5.939, 60), (8.0, 60)])
    def test_the_fastest_paddle_the_message_names_is_accepted(
        self, paddle_height: float, tick_rate: int
    ) -> None:
        # paddle_height * tick_rate / 2, the bound as the error message states it; for
        # these heights the same bound per tick, (speed / tick_rate), rounds one unit up.
        fastest = paddle_height * tick_rate / 2
        settings = Settings(paddle_height=paddle_height, tick_rate=tick_rate, paddle_speed=fastest)
        assert settings.paddle_speed == fastest
        with pytest.raises(SettingsError, match="at most paddle_height / 2 per tick"):
            Settings(
                paddle_height=paddle_height,
                tick_rate=tick_rate,
                paddle_speed=math.nextafter(fastest, math.inf),
            )
