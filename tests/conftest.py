"""Shared fixtures: the repository's seeds and a settings object loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_A = SEEDS / "000_b17e242d43d4bd15.txt"
SEED_B = SEEDS / "004_eaafd85f2bd1e479.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def cfg():
    from framing.analysis import settings

    return settings()


@pytest.fixture(scope="session")
def seed_analyses(cfg):
    from framing.analysis import analyze
    from framing.io import read_path

    return tuple(analyze(next(read_path(p)), cfg) for p in (SEED_A, SEED_B))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def update_goldens(request):
    return request.config.getoption("--update-goldens")
