"""The ECharts options of a session's step chart, built here so the page embeds plain data."""

from __future__ import annotations

from typing import Any

from assembly.records.timeline import StepTiming

OVER_TARGET = "#dc2626"
ON_TARGET = "#2563eb"
LEGEND = ("Duration (s)", "Target (s)")


def step_chart_options(timings: list[StepTiming]) -> dict[str, Any]:
    """Return bar (duration) and step-line (target) options; red bars are over target.

    The legend sits at the top and the grid keeps the rotated step labels inside it
    (containLabel), so a long label never runs into the legend or out of the chart.
    """
    bars = [
        {
            "value": t.duration_s,
            "itemStyle": {"color": OVER_TARGET if (t.delta_s or 0) > 0 else ON_TARGET},
        }
        for t in timings
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": list(LEGEND), "top": 0, "left": "center"},
        "grid": {"top": 40, "left": 8, "right": 16, "bottom": 8, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": [f"{t.index + 1}. {t.component_name}" for t in timings],
            "axisLabel": {"rotate": 30, "interval": 0, "hideOverlap": True},
        },
        "yAxis": {"type": "value", "name": "s", "nameGap": 8},
        "series": [
            {"name": LEGEND[0], "type": "bar", "data": bars},
            {
                "name": LEGEND[1],
                "type": "line",
                "step": "middle",
                "symbol": "none",
                "data": [t.target_s for t in timings],
            },
        ],
    }
