"""Service refusals as a page shows them: on their form fields, else as one clean sentence."""

from __future__ import annotations

from flask import Flask

from assembly.catalogue.services import CatalogueError
from assembly.catalogue.web.common import page_error
from assembly.catalogue.web.forms import ProjectForm


def test_a_refusal_about_the_subject_reads_as_its_sentence_alone(app: Flask) -> None:
    error = CatalogueError(409, "Anode is used by 1 project: Stack A", {"component": "in use"})
    with app.test_request_context():
        assert page_error(error) == "Anode is used by 1 project: Stack A."


def test_a_refusal_without_fields_is_written_as_a_sentence(app: Flask) -> None:
    error = CatalogueError(409, "changed at the same time by someone else; try again")
    with app.test_request_context():
        assert page_error(error) == "Changed at the same time by someone else; try again."


def test_field_errors_go_on_their_fields_and_the_rest_follows_the_sentence(app: Flask) -> None:
    error = CatalogueError(422, "invalid project", {"name": "Enter a name.", "archived": "No."})
    with app.test_request_context():
        form = ProjectForm(meta={"csrf": False})
        assert page_error(error, form) == "Invalid project. archived: No."
        assert form.name.errors == ["Enter a name."]
        placed = ProjectForm(meta={"csrf": False})
        assert page_error(CatalogueError(422, "invalid project", {"name": "Taken."}), placed) == ""
        assert placed.name.errors == ["Taken."]
