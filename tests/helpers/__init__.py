"""Helpers that several test folders share: fixtures, corpora, servers, installers.

They are test code, not dev tools: pytest puts ``tests/`` on ``sys.path``
(``pythonpath`` in the root pyproject), so a test imports ``helpers.<module>``.
"""
