"""Compute the analytics of the sessions matching some filters, from the session tables.

Step durations come from the step events through the session records' timeline: a step lasts
from its first "shown" event to the next step's, or to the review, finish or abort at it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.const import RunStatus
from assembly.models import StepEvent
from assembly.records.queries import SessionFilters, SessionRow, iter_session_rows
from assembly.records.timeline import StepTiming, session_steps, timeline
from assembly.supervision.analytics.stats import Spread, ratio, spread

ENDED = (RunStatus.FINISHED, RunStatus.ABORTED)
REVIEW_LABEL = "review"
StepKey = tuple[int, str, str, int]  # index, component id, its recorded name and target
BATCH = 500


@dataclass(frozen=True)
class StepFigures:
    """How long one step of a project took across sessions, against its target."""

    index: int
    component_id: str
    component_name: str
    label: str
    target_s: int | None
    durations: Spread
    over_target: int

    @property
    def over_median_s(self) -> float | None:
        """Return the median minus the target, or None without both."""
        if self.durations.median is None or self.target_s is None:
            return None
        return round(self.durations.median - self.target_s, 3)


@dataclass(frozen=True)
class AbortPlace:
    """How many sessions of a project aborted at one step (or in its review)."""

    index: int
    label: str
    count: int
    review: bool = False  # aborted in the review, after the last step


@dataclass(frozen=True)
class Yield:
    """Sessions and units: abort rate, and first-pass yield over job units."""

    sessions: int
    finished: int
    aborted: int
    open: int
    units: int
    first_pass: int

    @property
    def abort_rate(self) -> float | None:
        """Return aborted / ended sessions, or None with none ended."""
        return ratio(self.aborted, self.finished + self.aborted)

    @property
    def first_pass_yield(self) -> float | None:
        """Return units finished by their first session / units whose first session ended."""
        return ratio(self.first_pass, self.units)


@dataclass(frozen=True)
class ProjectFigures:
    """One project version's figures: step spreads, the bottleneck, where aborts happen, yield.

    Versions are apart because their steps differ: step 2 of v1 is not step 2 of v2.
    """

    project_id: str
    project_name: str
    version: int
    totals: Yield
    steps: list[StepFigures]
    bottleneck: StepFigures | None
    bottleneck_rule: str | None
    aborts_at: list[AbortPlace]


@dataclass(frozen=True)
class Throughput:
    """Sessions started per UTC day, one series per station and one per operator."""

    days: list[date]
    by_station: dict[str, list[int]] = field(default_factory=dict)
    by_operator: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Analytics:
    """Everything the analytics page and its API show for one set of filters."""

    filters: SessionFilters
    totals: Yield
    projects: list[ProjectFigures]
    throughput: Throughput


def _events(session: Session, ids: list[int]) -> dict[int, list[StepEvent]]:
    grouped: dict[int, list[StepEvent]] = defaultdict(list)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        query = (
            select(StepEvent)
            .where(StepEvent.session_id.in_(chunk))
            .order_by(StepEvent.at, StepEvent.id)
        )
        for event in session.scalars(query):
            grouped[event.session_id].append(event)
    return grouped


def bottleneck(steps: list[StepFigures]) -> tuple[StepFigures | None, str | None]:
    """Return the step with the largest median over target, else the largest median."""
    timed = [step for step in steps if step.durations.median is not None]
    over = [step for step in timed if (step.over_median_s or 0) > 0]
    if over:
        return max(over, key=lambda step: step.over_median_s or 0), "largest median over target"
    if timed:
        return max(timed, key=lambda step: step.durations.median or 0), "largest median"
    return None, None


def _yield(rows: list[SessionRow]) -> Yield:
    """Count sessions by status, and units whose first session finished (first-pass)."""
    status = Counter(row.status for row in rows)
    by_job: dict[int, list[SessionRow]] = defaultdict(list)
    for row in rows:
        by_job[row.job_id].append(row)
    units = first_pass = 0
    for runs in by_job.values():
        done = 0
        first: dict[int, SessionRow] = {}
        for row in sorted(runs, key=lambda r: (r.started_at, r.id)):
            first.setdefault(done, row)
            done += row.status == RunStatus.FINISHED
        ended = [row for row in first.values() if row.status in ENDED]
        units += len(ended)
        first_pass += sum(row.status == RunStatus.FINISHED for row in ended)
    return Yield(
        sessions=len(rows),
        finished=status[RunStatus.FINISHED],
        aborted=status[RunStatus.ABORTED],
        open=len(rows) - status[RunStatus.FINISHED] - status[RunStatus.ABORTED],
        units=units,
        first_pass=first_pass,
    )


def _project(rows: list[SessionRow], timings: dict[int, list[StepTiming]]) -> ProjectFigures:
    # A step is its place and the component as the sessions recorded it: sessions of one
    # version that ran after a component's name or target changed get a row of their own.
    samples: dict[StepKey, list[float]] = defaultdict(list)
    over: Counter[StepKey] = Counter()
    about: dict[StepKey, StepTiming] = {}
    aborts: Counter[tuple[int, str, bool]] = Counter()
    for row in rows:
        steps = timings[row.id]
        for timing in steps:
            key = (timing.index, timing.component_id, timing.component_name, timing.target_s or 0)
            about.setdefault(key, timing)
            if timing.duration_s is not None and not timing.aborted:
                samples[key].append(timing.duration_s)
                over[key] += timing.target_s is not None and timing.duration_s > timing.target_s
        if row.status == RunStatus.ABORTED and row.abort_step is not None:
            at = row.abort_step
            name = steps[at].component_name if at < len(steps) else REVIEW_LABEL
            aborts[(at, name, at >= len(steps))] += 1
    steps_figures = []
    for key in sorted(about):
        timing = about[key]
        steps_figures.append(
            StepFigures(
                index=timing.index,
                component_id=timing.component_id,
                component_name=timing.component_name,
                label=timing.label,
                target_s=timing.target_s,
                durations=spread(samples.get(key, [])),
                over_target=over[key],
            )
        )
    worst, rule = bottleneck(steps_figures)
    return ProjectFigures(
        project_id=rows[0].project_id,
        project_name=max(rows, key=lambda row: row.started_at).project_name,  # latest name
        version=rows[0].version_number,
        totals=_yield(rows),
        steps=steps_figures,
        bottleneck=worst,
        bottleneck_rule=rule,
        aborts_at=[
            AbortPlace(index, name, n, review)
            for (index, name, review), n in sorted(aborts.items())
        ],
    )


def throughput(
    rows: Iterable[SessionRow], first: date | None = None, last: date | None = None
) -> Throughput:
    """Count sessions per UTC start day per station and per operator, zero days included."""
    rows = list(rows)
    started = [row.started_at.date() for row in rows]
    first = first or min(started, default=None)
    last = last or max(started, default=None)
    if first is None or last is None or last < first:
        return Throughput(days=[])
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    slot = {day: n for n, day in enumerate(days)}
    names = {row.operator_id: row.operator_name for row in rows}
    clash = Counter(names.values())
    by_station: dict[str, list[int]] = {}
    by_operator: dict[str, list[int]] = {}
    for row, day in zip(rows, started, strict=True):
        if day not in slot:
            continue
        name = names[row.operator_id]
        operator = name if clash[name] == 1 else f"{name} (#{row.operator_id})"
        for series, key in ((by_station, row.station_id), (by_operator, operator)):
            series.setdefault(key, [0] * len(days))[slot[day]] += 1
    return Throughput(
        days=days,
        by_station=dict(sorted(by_station.items())),
        by_operator=dict(sorted(by_operator.items())),
    )


def compute(session: Session, filters: SessionFilters) -> Analytics:
    """Return the analytics of the sessions that match the filters (project, UTC date range)."""
    rows = list(iter_session_rows(session, filters, batch=BATCH))
    events = _events(session, [row.id for row in rows])
    steps = session_steps(session, [row.id for row in rows])
    timings = {row.id: timeline(session, row, events.get(row.id, []), steps) for row in rows}
    by_version: dict[int, list[SessionRow]] = defaultdict(list)
    for row in rows:
        by_version[row.version_id].append(row)
    projects = sorted(
        (_project(runs, timings) for runs in by_version.values()),
        key=lambda f: (f.project_name.lower(), f.project_id, -f.version),  # newest version first
    )
    return Analytics(
        filters=filters,
        totals=_yield(rows),
        projects=projects,
        throughput=throughput(rows, filters.date_from, filters.date_to),
    )
