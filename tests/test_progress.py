"""Long commands say what they are doing on stderr once a step takes more than a second.

Whether a step was slow is decided here by injected timers and clocks, never by the machine's
speed: ``fire_now`` makes every step slow, ``never`` makes every step quick. Steps speak to a
terminal; these tests write to plain streams with ``NEGSIM_PROGRESS=always`` unless they test
that setting.
"""

from __future__ import annotations

import io

import pytest

from simulator.report import progress
from simulator.report.progress import Progress, Step


def fire_now(seconds, announce):
    """A timer whose time is always up: the step is announced as it starts."""
    announce()
    return lambda: None


def never(seconds, announce):
    """A timer that never fires: the step ends before its second is up."""
    return lambda: None


class Clock:
    """A clock that reads ``times`` in turn (the start of a step, then its end)."""

    def __init__(self, *times: float):
        self.times = list(times)

    def __call__(self) -> float:
        """The next time."""
        return self.times.pop(0)


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr in a shell does."""

    def isatty(self) -> bool:
        """Always: this is a terminal."""
        return True


@pytest.fixture(autouse=True)
def always(monkeypatch):
    """Steps speak to the plain streams of these tests (a log, as far as they can tell)."""
    monkeypatch.setenv("NEGSIM_PROGRESS", "always")


def test_a_log_or_a_pipe_hears_nothing_unless_asked(monkeypatch):
    monkeypatch.delenv("NEGSIM_PROGRESS")
    log, terminal = io.StringIO(), Terminal()
    for stream in (log, terminal):
        with Step("drawing 7 charts", stream, timer=fire_now):
            pass
    assert log.getvalue() == ""
    assert terminal.getvalue().startswith("drawing 7 charts... done in ")
    monkeypatch.setenv("NEGSIM_PROGRESS", "never")
    quiet = Terminal()
    with Step("drawing 7 charts", quiet, timer=fire_now):
        pass
    assert quiet.getvalue() == ""


def test_a_quick_step_prints_nothing():
    stream = io.StringIO()
    with Step("drawing 7 charts", stream, timer=never):
        pass
    assert stream.getvalue() == ""


def test_a_slow_step_says_what_it_does_then_how_long_it_took():
    stream = io.StringIO()
    with Step("drawing 7 charts", stream, timer=fire_now, clock=Clock(10.0, 12.34)):
        assert stream.getvalue() == "drawing 7 charts..."
    assert stream.getvalue() == "drawing 7 charts... done in 2.3 s\n"


def test_a_slow_step_that_fails_says_stopped_and_the_error_goes_on():
    stream = io.StringIO()
    with pytest.raises(OSError), Step("writing report.html", stream, timer=fire_now):
        raise OSError("disk full")
    assert stream.getvalue() == "writing report.html... stopped\n"


def test_the_real_timer_announces_only_after_the_threshold():
    stream = io.StringIO()
    with Step("quick", stream, show_after=60.0):
        pass
    assert stream.getvalue() == ""
    slow = Step("slow", stream, show_after=0.0)
    slow._cancel.__self__.join(5)  # the timer thread has announced the step
    slow.close()
    assert stream.getvalue().startswith("slow... done in ")


def test_progress_in_a_log_writes_its_label_once_and_no_bar():
    stream = io.StringIO()
    bar = Progress(3, "simulating 3 runs", stream, timer=fire_now, clock=Clock(0.0, 3.0))
    bar.advance()
    bar.advance(2)
    bar.close()
    assert stream.getvalue() == "simulating 3 runs... done in 3.0 s\n"


def test_progress_on_a_terminal_redraws_a_bar_and_ends_the_line():
    stream = Terminal()
    bar = Progress(4, "simulating 4 runs", stream, timer=fire_now)
    bar.advance(2)
    bar.advance(2)
    bar.close()
    text = stream.getvalue()
    assert "\rsimulating 4 runs [" + "#" * 15 + "-" * 15 + "]  50% (2/4)" in text
    assert text.endswith(" 100% (4/4) done in " + text.rsplit(" done in ", 1)[1])
    assert text.endswith(" s\n") and text.count("\n") == 1


def test_progress_stays_silent_for_quick_work():
    stream = Terminal()
    bar = Progress(2, "simulating 2 runs", stream, timer=never, clock=Clock(0.0, 0.5, 0.9))
    bar.advance()
    bar.advance()
    bar.close()
    assert stream.getvalue() == ""


def slow_steps(invoke, monkeypatch, args):
    """``negsim ARGS`` with every step slow (announced as it starts); its result."""
    monkeypatch.setattr(progress, "start_timer", fire_now)
    result = invoke(args)
    assert result.exit_code == 0, result.output
    return result


def test_run_says_each_slow_step_on_stderr_and_keeps_stdout_unchanged(
    invoke, monkeypatch, tmp_path
):
    args = ["run", "baseline", "--runs", "50", "--weeks", "8", "--out", str(tmp_path / "run")]
    slow = slow_steps(invoke, monkeypatch, args)
    monkeypatch.setattr(progress, "start_timer", never)
    quick = invoke([*args, "--overwrite"])
    assert quick.exit_code == 0, quick.output
    assert slow.stdout == quick.stdout
    assert quick.stderr == ""
    lines = slow.stderr.splitlines()
    assert lines[0].startswith("simulating 50 runs, writing runs.csv... done in ")
    assert lines[1].startswith("drawing 7 charts and report.html... done in ")
    assert len(lines) == 2


def test_explain_says_it_replays_and_draws(invoke, monkeypatch, tmp_path):
    args = ["explain", "baseline", "--weeks", "8", "--out", str(tmp_path / "story")]
    slow = slow_steps(invoke, monkeypatch, args)
    assert "replaying run 0 of baseline... done in" in slow.stderr
    assert "drawing the timeline chart, writing explain.md and explain.json... done in" in (
        slow.stderr
    )
    assert "done in" not in slow.stdout


def test_compare_and_sweep_say_what_they_simulate_and_draw(invoke, monkeypatch, tmp_path):
    for name, parent in (("a", "baseline"), ("b", "high_escalation_risk")):
        text = f"name: {name}\nextends: {parent}\nsimulation: {{weeks: 8}}\n"
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    args = ["compare", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--runs", "50"]
    slow = slow_steps(invoke, monkeypatch, [*args, "--out", str(tmp_path / "compare")])
    assert "simulating 2 scenarios, 50 paired runs each... done in" in slow.stderr
    assert "drawing the comparison charts and report.html... done in" in slow.stderr
    assert "done in" not in slow.stdout
    args = ["sweep", str(tmp_path / "a.yaml"), "--param", "actors.us.bias", "--values", "0,1"]
    slow = slow_steps(invoke, monkeypatch, [*args, "--runs", "50", "--out", str(tmp_path / "s")])
    assert "simulating 2 values of actors.us.bias, 50 runs each... done in" in slow.stderr
    assert "drawing the sweep chart and report.html... done in" in slow.stderr
    assert "done in" not in slow.stdout
