"""Checks of built distributions: build them, check them, compare two builds."""
