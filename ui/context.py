"""What every page shares: the index folder, the cached engine, the sidebar filters, the page files.

The engine lives here rather than in app.py because a page file runs in a fresh module namespace and
cannot import the entry script; ``get_engine`` is one ``st.cache_resource`` shared by all sessions.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

from index.build import Builder, BuildResult, Progress, current_build
from index.embed import make_embedder
from index.store import Filters
from qa.engine import Engine, load_engine

INDEX_ENV = "NIANBAO_INDEX"
DEFAULT_INDEX = "var/index"
ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPORTS = ROOT / "data" / "reports"

# Page files, relative to app.py (st.switch_page / st.page_link take these paths).
CHAT_PAGE = "ui/chat.py"
COMPARE_PAGE = "ui/compare.py"
REPORT_PAGE = "ui/report.py"
CHECKS_PAGE = "ui/checks.py"
IMPORT_PAGE = "ui/import_page.py"

# Sidebar filter widgets' session keys; the chat reads them back through ``chat_filters``.
FILTER_COUNTY = "filter_county"
FILTER_PLACE = "filter_place"
FILTER_YEAR = "filter_year"
ALL = "全部"

_build_lock = threading.Lock()  # two first visitors must not both build the sample index


def index_dir() -> Path:
    return Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def has_index(folder: Path) -> bool:
    return current_build(folder) is not None


def build_sample_index(folder: Path, progress: Progress) -> BuildResult | None:
    """Build the bundled sample corpus into an empty index folder (first start only)."""
    with _build_lock:
        if has_index(folder):
            return None
        return Builder(folder, make_embedder("auto"), progress).build([SAMPLE_REPORTS])


@st.cache_resource(show_spinner="正在加载索引…")
def get_engine(folder: str) -> Engine:
    return load_engine(folder)


def engine() -> Engine:
    return get_engine(str(index_dir()))


def reload_engine() -> None:
    """After the index changed on disk: the next ``engine()`` loads the new build."""
    get_engine.clear()


def chat_filters() -> Filters | None:
    """The sidebar's county / place / year, as the Filters the chat passes to the engine."""
    state = st.session_state
    county, place, year = state.get(FILTER_COUNTY, ALL), state.get(FILTER_PLACE, ALL), state.get(FILTER_YEAR, ALL)
    filters = Filters(
        county=None if county == ALL else county,
        place=None if place == ALL else place,
        year=None if year == ALL else int(year),
    )
    return None if filters.is_empty() else filters
