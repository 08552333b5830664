"""The home page, the top bar, the HTML error pages and the offline-only front end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Blueprint, Flask, jsonify
from flask.testing import FlaskClient

from core.alerts.services import raise_alert
from core.auth import role_required
from core.config import ROOT
from core.extensions import db
from core.modules import ModuleInfo, register_module
from core.roles import MANAGERS
from tests.fixtures.auth import Login, UserFactory


def add_vault_module(app: Flask) -> None:
    """Register a managers-only module with a page and an API route, as a domain module would."""
    blueprint = Blueprint("vault", __name__)

    @blueprint.get("/vault/")
    @role_required(*MANAGERS)
    def index() -> str:
        return "vault"

    @blueprint.get("/api/v1/vault/items")
    @role_required(*MANAGERS)
    def items() -> object:
        return jsonify([])

    app.register_blueprint(blueprint)
    register_module(
        app,
        ModuleInfo(
            name="vault",
            title="Vault",
            endpoint="vault.index",
            roles=MANAGERS,
            summary="Managers only.",
            status=lambda: {"state": "running", "open_doors": 2},
        ),
    )


def page_text(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_home_needs_a_signed_in_user(client: FlaskClient, user_factory: UserFactory) -> None:
    user_factory("admin")  # first-run setup is over
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_home_shows_only_the_modules_the_role_may_see(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    add_vault_module(app)
    login("operator")
    html = page_text(client, "/")
    for title in ("Assembly", "Factory twin", "Battery telemetry", "Maintenance"):
        assert f">{title}</a></h2>" in html
        assert f">{title}</a></li>" in html
    assert "Vault" not in html
    statuses = client.get("/api/v1/core/modules").get_json()
    assert "vault" not in {module["name"] for module in statuses}


def test_managers_see_the_managers_module_with_its_status(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    add_vault_module(app)
    login("supervisor")
    html = page_text(client, "/")
    assert '<li><a href="/vault/">Vault</a></li>' in html
    tile = html[html.index('data-module="vault"') :]
    tile = tile[: tile.index("</article>")]
    assert 'class="badge badge-ok">running<' in tile
    assert '<span class="status-key">open doors</span> 2<' in tile
    statuses = {item["name"]: item["status"] for item in client.get("/api/v1/core/modules").json}
    assert statuses["vault"] == {"state": "running", "open_doors": 2}


def test_a_failing_module_status_does_not_break_the_home_page(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    def broken() -> dict[str, object]:
        raise RuntimeError("sensor bus gone")

    register_module(
        app,
        ModuleInfo("broken", "Broken", "assembly.index", frozenset({"viewer"}), "x", broken),
    )
    login("viewer")
    html = page_text(client, "/")
    tile = html[html.index('data-module="broken"') :]
    assert ">unknown<" in tile[: tile.index("</article>")]


def test_nav_marks_the_module_being_viewed(client: FlaskClient, login: Login) -> None:
    login("viewer")
    html = page_text(client, "/twin/")
    assert '<a href="/twin/" aria-current="page">Factory twin</a>' in html
    assert '<a href="/rul/" aria-current="page">' not in html


def test_bell_shows_the_open_alert_count(app: Flask, client: FlaskClient, login: Login) -> None:
    login("operator")
    assert "data-alert-count hidden>0</span>" in page_text(client, "/")
    with app.app_context():
        for subject in ("cell-1", "cell-2", "cell-3"):
            raise_alert(
                db.session,
                source="telemetry",
                subject=subject,
                rule="over-temperature",
                severity="major",
                title="Too hot",
            )
        db.session.commit()
    html = page_text(client, "/")
    assert 'aria-label="Alerts: 3 open"' in html
    assert "data-alert-count>3</span>" in html
    assert "data-alert-count data-keep-zero>3</span>" in html  # the home page's alerts tile


def test_user_menu_names_the_user_and_signs_out_by_post(client: FlaskClient, login: Login) -> None:
    login("operator", display_name="Olga Operator")
    html = page_text(client, "/")
    assert '<span class="user-name">Olga Operator</span>' in html
    form = html[html.index('<form method="post" action="/logout">') :]
    assert 'name="csrf_token"' in form[: form.index("</form>")]


def test_missing_page_is_an_html_page_in_the_layout(client: FlaskClient, login: Login) -> None:
    login("viewer")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Page not found" in html
    assert '<meta name="csrf-token"' in html
    assert 'class="topbar"' in html


def test_missing_api_path_stays_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"error", "fields"}


def test_forbidden_page_is_html_and_forbidden_api_is_json(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    add_vault_module(app)
    login("operator")
    page = client.get("/vault/")
    assert page.status_code == 403
    assert "Not allowed" in page.get_data(as_text=True)
    api = client.get("/api/v1/vault/items")
    assert api.status_code == 403
    assert api.mimetype == "application/json"
    assert api.get_json()["fields"] == {}


@pytest.mark.parametrize(
    ("path", "mimetype"), [("/boom", "text/html"), ("/api/v1/boom", "application/json")]
)
def test_server_error_is_html_for_pages_and_json_for_the_api(
    app: Flask, user_factory: UserFactory, path: str, mimetype: str
) -> None:
    user_factory("admin")  # first-run setup is over
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as production does, not re-raise

    def boom() -> str:
        raise RuntimeError("kaput")

    app.add_url_rule(path, "boom", boom)
    response = app.test_client().get(path)
    assert response.status_code == 500
    assert response.mimetype == mimetype
    body = response.get_data(as_text=True)
    assert "kaput" not in body
    if mimetype == "text/html":
        assert "Something went wrong" in body
    else:
        assert response.get_json()["error"]


# ---- offline only: no CDN, no external script or stylesheet ----

EXTERNAL_URL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
XML_NAMESPACE = re.compile(r'xmlns(?::\w+)?="http://www\.w3\.org/[^"]*"')
FRONT_END_SUFFIXES = {".html", ".js", ".css", ".svg", ".json", ".webmanifest"}


def front_end_files() -> list[Path]:
    """Return every template and static file we write (vendored libraries excluded)."""
    vendor = ROOT / "static" / "vendor"
    files = [
        path
        for folder in (ROOT / "templates", ROOT / "static")
        for path in folder.rglob("*")
        if path.suffix in FRONT_END_SUFFIXES and vendor not in path.parents
    ]
    assert len(files) > 5
    return files


def test_no_template_or_static_file_loads_anything_from_another_origin() -> None:
    offenders = []
    for path in front_end_files():
        text = XML_NAMESPACE.sub("", path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}: {m.group()}" for m in EXTERNAL_URL.finditer(text)]
        if re.search(r"\bcdn\b|cdnjs|jsdelivr|unpkg", text, re.IGNORECASE):
            offenders.append(f"{path.relative_to(ROOT)}: mentions a CDN")
    assert offenders == []


def test_the_external_url_check_catches_what_it_should() -> None:
    for line in (
        '<script src="https://cdn.example.com/x.js">',
        '<link href="//fonts.googleapis.com/css">',
        "@import url(http://example.org/a.css);",
    ):
        assert EXTERNAL_URL.search(line)
    assert not EXTERNAL_URL.search('<script src="/static/vendor/socket.io/socket.io.min.js">')


def test_vendor_readme_names_the_versions_actually_vendored() -> None:
    vendor = ROOT / "static" / "vendor"
    readme = (vendor / "README.md").read_text()
    socket_io = re.search(
        r"Socket\.IO v(\d+\.\d+\.\d+)", (vendor / "socket.io/socket.io.min.js").read_text()
    )
    echarts = re.search(
        r'version="(\d+\.\d+\.\d+)"', (vendor / "echarts/echarts.min.js").read_text()
    )
    assert socket_io
    assert echarts
    assert socket_io.group(1).startswith("4.")  # Engine.IO v4, as python-socketio 5 speaks
    assert f"| Socket.IO client | {socket_io.group(1)} |" in readme
    assert f"| Apache ECharts | {echarts.group(1)} |" in readme
    for licence in ("socket.io/LICENSE", "echarts/LICENSE", "echarts/NOTICE"):
        assert (vendor / licence).is_file()
    script = (ROOT / "tools" / "vendor.sh").read_text()
    assert f"SOCKET_IO_CLIENT={socket_io.group(1)}" in script
    assert f"ECHARTS={echarts.group(1)}" in script


def test_only_admins_get_the_user_admin_link(app: Flask, client: FlaskClient, login: Login) -> None:
    login("supervisor")
    assert 'href="/admin/users"' not in page_text(client, "/")
    admin_client = app.test_client()
    login("admin", admin_client)
    assert 'href="/admin/users"' in page_text(admin_client, "/")


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("operator", ["Kiosk"], ["Dashboard", "Queue", "Components"]),
        ("viewer", ["Dashboard", "Sessions"], ["Kiosk", "Queue", "Components"]),
        ("supervisor", ["Kiosk", "Queue", "Components", "Analytics"], []),
    ],
)
def test_module_landing_page_lists_the_pages_the_role_may_open(
    client, login, role, shown, hidden
) -> None:
    login(role)
    page = client.get("/assembly/").get_data(as_text=True)
    for title in shown:
        assert f"<h2>{title}</h2>" in page
    for title in hidden:
        assert f"<h2>{title}</h2>" not in page
