"""Reliability: a killed `index add` never leaves a half-written index, questions keep working while an
import runs, and nothing reaches for the network on the embedded default."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from index.build import Builder, Outcome, OutcomeStatus
from index.embed import make_embedder
from index.search import open_index
from qa.engine import add_reports, load_engine
from ui import context, uploads
from ui.context import INDEX_ENV

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "reports").glob("*.txt"))


@pytest.fixture(scope="module")
def embedder():
    return make_embedder("use")


@pytest.fixture
def three_report_index(tmp_path: Path, embedder) -> Path:
    folder = tmp_path / "index"
    Builder(folder, embedder).build(SEEDS[:3])
    return folder


def test_killed_add_leaves_old_or_new_content(three_report_index: Path) -> None:
    command = [sys.executable, "-m", "index", "add", *map(str, SEEDS[3:]), "--index", str(three_report_index)]
    seen = set()
    for delay in (0.2, 0.8, 1.5, 2.5, 3.5, 5.0):
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        index = open_index(three_report_index)  # verifies every checksum
        count = index.manifest.counts["reports"]
        assert count in (3, 5)
        assert len(index.store.report_rows()) == count == len({h.passage.report_id for h in _all_hits(index)})
        seen.add(count)
    assert 3 in seen  # at least one kill landed before the swap


def _all_hits(index):
    return index.search("政府信息公开", k=1000)


def test_questions_during_an_import_never_fail(three_report_index: Path) -> None:
    engine = load_engine(three_report_index)
    errors: list[BaseException] = []
    answers: list[str] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answer = engine.answer("平桥区2021年收到多少政府信息公开申请？")
                answers.append(answer.values[0].value or "")
                engine.answer("兑镇镇存在哪些主要问题？")
            except BaseException as error:  # any failure at all is the finding
                errors.append(error)

    workers = [threading.Thread(target=ask) for _ in range(3)]
    for worker in workers:
        worker.start()
    result = add_reports(engine, SEEDS[3:])
    fresh = load_engine(three_report_index)
    stop.set()
    for worker in workers:
        worker.join()
    assert errors == []
    assert answers and set(answers) == {"18"}  # no partial result at any time
    assert [o.status for o in result.outcomes] == [OutcomeStatus.STORED] * 2
    assert fresh.summary().reports == 5 and engine.summary().reports == 3


APP = str(ROOT / "app.py")
PINGQIAO = "平桥区2021年收到多少政府信息公开申请？"  # in the index before and after the import
KANGRONG = "康荣镇2020年收到多少政府信息公开申请？"  # 003: only in the index after it
CHAT_MESSAGES = "chat_messages"  # ui.chat.MESSAGES; importing a page module would run the page
EXPECTED = {  # question → (figure, the line its citation names), as the app shows them
    PINGQIAO: (("平桥区人民政府 2021年", "18"), 43),
    KANGRONG: (("康荣镇人民政府 2020年", "0"), 139),
}


def _last_answer(at: AppTest) -> tuple[list[tuple[str, str]], str]:
    """The session's last answer: its figures (label, value), and all its text with its links' queries."""
    message = at.chat_message[-1]
    figures = [(metric.label, metric.value) for metric in message.metric]
    words = [element.value for element in (*message.caption, *message.info, *message.markdown)]
    links = [link.proto.query_string for link in message.get("page_link")]
    return figures, " ".join(words + links)


def _complete(question: str, figures: list[tuple[str, str]], text: str) -> bool:
    """The figure the report gives, with its citation: the line quoted and a link to it."""
    figure, line = EXPECTED[question]
    return figures == [figure] and f"第 {line} 行" in text and f"line={line}" in text


def test_two_app_sessions_ask_while_an_import_runs(three_report_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two AppTest sessions ask over and over while another thread imports two reports the way the import
    page does (save and parse the uploads, add them to the served engine's index, reload the cached engine).
    Every answer is whole and from the old index or the new one; once the import is done, the new one.

    AppTest swaps process-wide state for each run (Runtime._instance, config.get_option), so two runs at
    once would race inside the test harness, not the app: the sessions take turns, the import runs alongside.
    """
    monkeypatch.setenv(INDEX_ENV, str(three_report_index))
    harness = threading.Lock()
    sessions = {question: AppTest.from_file(APP, default_timeout=60) for question in EXPECTED}
    for at in sessions.values():
        at.run()
        assert not at.exception, at.exception
    served = context.engine()  # the engine the sessions share (st.cache_resource), as the import page gets it
    imported = threading.Event()
    errors: list[BaseException | str] = []
    outcomes: list[Outcome] = []
    answers: dict[str, list[tuple[bool, list[tuple[str, str]], str, str]]] = {question: [] for question in sessions}

    def import_reports() -> None:
        try:
            previews = [uploads.prepare(three_report_index, path.name, path.read_bytes()) for path in SEEDS[3:]]
            outcomes.extend(uploads.add(served, previews, lambda stage, done, total: None))
            context.reload_engine()
        except BaseException as error:  # any failure at all is the finding
            errors.append(error)
        finally:
            imported.set()

    def ask(question: str, at: AppTest) -> None:
        deadline, after = time.monotonic() + 60, 0
        while after < 2 and time.monotonic() < deadline:  # two answers once the import is done
            done = imported.is_set()
            with harness:
                at.session_state[CHAT_MESSAGES] = []  # one turn a run: the run's time stays flat however many
                try:
                    at.chat_input[0].set_value(question).run()
                    reports = {metric.label: metric.value for metric in at.sidebar.metric}["报告"]
                except BaseException as error:  # a timeout, a page that did not draw: the finding too
                    errors.append(error)
                    return
                if at.exception:
                    errors.append(f"{question}: {at.exception}")
                    return
                answers[question].append((done, *_last_answer(at), reports))
            after += done

    threads = [threading.Thread(target=import_reports)]
    threads += [threading.Thread(target=ask, args=item) for item in sessions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    context.reload_engine()  # drop this test's engines from the shared cache

    assert errors == []
    assert [o.status for o in outcomes] == [OutcomeStatus.STORED] * 2
    for question, asked in answers.items():
        assert sum(done for done, *_ in asked) >= 2, question
        assert any(not done for done, *_ in asked), f"{question}: no answer while the import ran"
        assert {reports for *_, reports in asked} <= {"3", "5"}
    for _, figures, text, _ in answers[PINGQIAO]:
        assert _complete(PINGQIAO, figures, text), (figures, text)
    for done, figures, text, _ in answers[KANGRONG]:
        new = _complete(KANGRONG, figures, text)
        old = figures == [] and "康荣镇" in text  # not in the index yet: "no report for 康荣镇", no figure
        assert new or (old and not done), (done, figures, text)


GUARD = textwrap.dedent(
    """
    import os, socket
    _log = os.environ["NETWORK_LOG"]
    def _refuse(self, address, *args, **kwargs):
        if isinstance(address, tuple) and address and address[0] not in ("127.0.0.1", "::1", "localhost"):
            with open(_log, "a") as handle:
                handle.write(repr(address) + "\\n")
            raise OSError("network disabled by test")
        return _connect(self, address, *args, **kwargs)
    _connect = socket.socket.connect
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    """
)


def test_no_network_on_the_embedded_default(tmp_path: Path, three_report_index: Path) -> None:
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {k: v for k, v in os.environ.items() if k not in ("NIANBAO_EMBED_MODEL", "HF_HUB_OFFLINE")}
    env.update(PYTHONPATH=f"{tmp_path / 'guard'}{os.pathsep}{ROOT}", NETWORK_LOG=str(log))
    fresh = tmp_path / "fresh-index"
    runs = [
        ["-m", "index", "build", str(SEEDS[0]), "--index", str(fresh)],  # embedder "auto"
        ["-m", "qa", "--index", str(three_report_index), "ask", "平桥区存在哪些主要问题？"],
        ["-m", "index", "search", "政策解读", "--index", str(fresh)],
    ]
    for args in runs:
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert not log.exists(), log.read_text(encoding="utf-8")


def test_socket_guard_itself_works(tmp_path: Path) -> None:
    """The guard above must catch a real attempt, or its silence proves nothing."""
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "guard"), "NETWORK_LOG": str(log)}
    probe = (
        "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 443), timeout=1)\nexcept OSError:\n    pass\n"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, check=True)
    assert "192.0.2.1" in log.read_text(encoding="utf-8")
