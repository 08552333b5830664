"""The assembly module's tables: catalogue (components, projects), floor (stations, jobs), runs."""

from assembly.models.catalogue import (
    Component,
    ComponentImage,
    Project,
    ProjectStep,
    ProjectVersion,
)
from assembly.models.floor import Job, Station
from assembly.models.runs import AssemblySession, SessionStep, StepEvent

__all__ = [
    "AssemblySession",
    "Component",
    "ComponentImage",
    "Job",
    "Project",
    "ProjectStep",
    "ProjectVersion",
    "SessionStep",
    "Station",
    "StepEvent",
]
