"""Assembly analytics: step durations against target, bottlenecks, aborts, yield, throughput."""

from assembly.supervision.analytics.figures import (
    Analytics,
    ProjectFigures,
    StepFigures,
    Throughput,
    compute,
)

__all__ = ["Analytics", "ProjectFigures", "StepFigures", "Throughput", "compute"]
