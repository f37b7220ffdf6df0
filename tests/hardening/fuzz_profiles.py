"""Hypothesis profiles for the hardening suite (imported by the fuzz tests).

Not a conftest.py: the other tests import helpers with `from conftest import ...`, and a
second conftest module here would shadow that name when both folders are collected.

The normal test run uses the "default" profile (a few hundred examples in all, well under a
minute), derandomized and without Hypothesis's example database: every machine, a fresh CI
clone included, tries the same examples, so the suite passes or fails the same everywhere.
`STUDYGUIDE_FUZZ=deep` selects the deep run, thousands of new random examples per test:

    STUDYGUIDE_FUZZ=deep .venv/bin/pytest -q tests/hardening -k fuzz
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much])
settings.register_profile("default", max_examples=100, derandomize=True, database=None,
                          **_COMMON)
settings.register_profile("deep", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("STUDYGUIDE_FUZZ", "default"))
