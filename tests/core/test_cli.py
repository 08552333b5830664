"""The demo command runs every module's loader once on first run."""

from flask import Flask

from core.cli import register_demo


def test_demo_load_runs_loaders_once_with_if_empty(app: Flask) -> None:
    calls: list[str] = []

    def loader() -> str:
        calls.append("x")
        return "3 widgets"

    register_demo(app, "widgets", loader)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load", "--if-empty"])
    assert first.exit_code == 0
    assert "widgets: 3 widgets" in first.output
    second = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "skipping" in second.output
    assert calls == ["x"]
