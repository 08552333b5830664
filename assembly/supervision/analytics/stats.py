"""Small statistics over lists of seconds: the five numbers of a box plot, yields, rates."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean, median, quantiles


@dataclass(frozen=True)
class Spread:
    """The five numbers of a box plot and the mean, in seconds (None with no samples)."""

    count: int
    minimum: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    maximum: float | None = None
    mean: float | None = None

    def box(self) -> list[float] | None:
        """Return [min, q1, median, q3, max] for an ECharts boxplot, or None."""
        if self.count == 0:
            return None
        return [self.minimum, self.q1, self.median, self.q3, self.maximum]  # type: ignore[list-item]


def spread(values: list[float]) -> Spread:
    """Return the spread of some durations (quartiles by the inclusive method)."""
    if not values:
        return Spread(count=0)
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = q3 = ordered[0]
    else:
        q1, _, q3 = quantiles(ordered, n=4, method="inclusive")
    return Spread(
        count=len(ordered),
        minimum=ordered[0],
        q1=round(q1, 3),
        median=round(median(ordered), 3),
        q3=round(q3, 3),
        maximum=ordered[-1],
        mean=round(fmean(ordered), 3),
    )


def ratio(part: int, whole: int) -> float | None:
    """Return part / whole rounded to four places, or None when whole is zero."""
    return round(part / whole, 4) if whole else None
