"""Backups: consistent under writes, verified before restore, old data kept, pruned on demand."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sqlite3
import tarfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import flask_migrate
import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.backup import Manifest, read_manifest
from core.backup.manifest import FileEntry
from core.extensions import db
from tests.fixtures.database import AppFactory

PAIR_SQL = "INSERT INTO scratch (batch, half, payload) VALUES (?, ?, ?)"


def db_path(app: Flask) -> Path:
    """Return the SQLite file of an app."""
    return Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database or "")


def connect(app: Flask) -> sqlite3.Connection:
    """Open a raw connection to an app's database, as a second writer would."""
    conn = sqlite3.connect(db_path(app), timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def scalar(app: Flask, sql: str) -> object:
    """Return the single value of a query on an app's database."""
    with contextlib.closing(connect(app)) as conn:
        return conn.execute(sql).fetchone()[0]


def backup(app: Flask, *args: str, stdin: str | None = None) -> Result:
    """Run `flask backup ARGS` against an app."""
    return app.test_cli_runner().invoke(args=["backup", *args], input=stdin)


def files_under(root: Path) -> dict[str, bytes]:
    """Return every file below root with its bytes, keyed by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def fill_folders(app: Flask, tag: str) -> dict[str, dict[str, bytes]]:
    """Write a few binary files into the app's uploads and models; return what was written."""
    written = {}
    for key in ("UPLOAD_FOLDER", "MODEL_FOLDER"):
        folder = Path(app.config[key])
        (folder / tag / "nested").mkdir(parents=True)
        (folder / tag / "nested" / "weights.bin").write_bytes(os.urandom(70_000))
        (folder / f"{tag}.txt").write_text(f"{tag} in {key}\n")
        written[key] = files_under(folder)
    return written


@contextlib.contextmanager
def writer(app: Flask) -> Iterator[threading.Event]:
    """Keep committing pairs of rows, one pair per transaction, until the block ends."""
    stop = threading.Event()
    started = threading.Event()

    def run() -> None:
        with contextlib.closing(connect(app)) as conn:
            batch = 0
            while not stop.is_set():
                batch += 1
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(PAIR_SQL, (batch, 1, os.urandom(2000)))
                conn.execute(PAIR_SQL, (batch, 2, os.urandom(2000)))
                conn.execute("COMMIT")
                if batch == 50:
                    started.set()

    thread = threading.Thread(target=run, name="backup-test-writer")
    thread.start()
    try:
        assert started.wait(10), "the writer thread did not get going"
        yield stop
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


@pytest.fixture
def source(app: Flask) -> Flask:
    """Return the app with a scratch table of a few megabytes, uploads and models."""
    with contextlib.closing(connect(app)) as conn:
        conn.execute(
            "CREATE TABLE scratch (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL,"
            " half INTEGER NOT NULL, payload BLOB NOT NULL)"
        )
        conn.executemany(PAIR_SQL, ((0, half, os.urandom(4000)) for half in range(1500)))
    fill_folders(app, "source")
    return app


def make_archive(app: Flask, tmp_path: Path) -> Path:
    """Back up an app into tmp_path/backups and return the archive."""
    result = backup(app, "create", str(tmp_path / "backups"))
    assert result.exit_code == 0, result.output
    return Path(result.output.strip())


def test_backup_taken_during_writes_restores_a_consistent_copy(
    source: Flask, runner, app_factory: AppFactory, tmp_path: Path
) -> None:
    with writer(source):
        before = scalar(source, "SELECT count(*) FROM scratch")
        result = runner.invoke(args=["backup", "create", str(tmp_path / "backups")])
        after = scalar(source, "SELECT count(*) FROM scratch")
    assert result.exit_code == 0, result.output
    assert after > before, "the writer must have committed while the backup ran"
    archive = Path(result.output.strip())
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("shoptwin-backup-")
    assert archive.name.endswith(".tar.gz")

    fresh = app_factory()
    restored = backup(fresh, "restore", str(archive), "--yes")

    assert restored.exit_code == 0, restored.output
    assert scalar(fresh, "PRAGMA integrity_check") == "ok"
    count = scalar(fresh, "SELECT count(*) FROM scratch")
    assert before <= count <= after
    torn = scalar(
        fresh, "SELECT count(*) FROM (SELECT batch FROM scratch GROUP BY batch HAVING count(*) % 2)"
    )
    assert torn == 0
    with fresh.app_context():
        assert db.session.execute(text("SELECT count(*) FROM scratch")).scalar() == count
    for key in ("UPLOAD_FOLDER", "MODEL_FOLDER"):
        assert files_under(Path(fresh.config[key])) == files_under(Path(source.config[key]))


def test_restore_keeps_the_previous_data_in_a_pre_restore_folder(
    source: Flask, app_factory: AppFactory, tmp_path: Path
) -> None:
    archive = make_archive(source, tmp_path)
    fresh = app_factory()
    old_files = fill_folders(fresh, "fresh")
    old_database = db_path(fresh).read_bytes()

    result = backup(fresh, "restore", str(archive), stdin="y\n")

    assert result.exit_code == 0, result.output
    instance = Path(fresh.instance_path)
    [aside] = instance.glob("pre-restore-*")
    assert str(aside) in result.output
    assert (aside / "database" / "shoptwin.db").read_bytes() == old_database
    assert files_under(aside / "uploads") == old_files["UPLOAD_FOLDER"]
    assert files_under(aside / "models") == old_files["MODEL_FOLDER"]
    assert not (Path(fresh.config["UPLOAD_FOLDER"]) / "fresh.txt").exists()
    assert not list(instance.glob(".restore-*"))


def rewrite_database(archive: Path, offset: int, *, rehash: bool) -> None:
    """Rewrite the archive with 8 bytes of the database replaced, optionally fixing its checksum."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {member.name: (member, tar.extractfile(member).read()) for member in tar}
    info, data = members["database/shoptwin.db"]
    data = data[:offset] + b"\xff" * 8 + data[offset + 8 :]
    members[info.name] = (info, data)
    if rehash:
        entry = hash_file_bytes(info.name, data)
        manifest = Manifest.model_validate_json(members["manifest.json"][1])
        files = [entry if old.path == entry.path else old for old in manifest.files]
        text = manifest.model_copy(update={"files": files}).model_dump_json().encode()
        members["manifest.json"][0].size = len(text)
        members["manifest.json"] = (members["manifest.json"][0], text)
    with tarfile.open(archive, "w:gz") as tar:
        for member, payload in members.values():
            tar.addfile(member, io.BytesIO(payload))


def hash_file_bytes(path: str, data: bytes) -> FileEntry:
    """Return the manifest entry of some bytes."""
    return FileEntry(path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def flip_database_byte(archive: Path) -> None:
    """Change a few bytes of the database but not the manifest."""
    rewrite_database(archive, 5000, rehash=False)


def break_database_keeping_checksums(archive: Path) -> None:
    """Break the b-tree header of page 2 and update the manifest to match."""
    rewrite_database(archive, 4096, rehash=True)


def flip_compressed_byte(archive: Path) -> None:
    """Flip one byte in the middle of the gzip stream."""
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "complaint"),
    [
        (flip_database_byte, "does not match its checksum"),
        (break_database_keeping_checksums, "integrity check"),
        (flip_compressed_byte, "damaged"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(
    source: Flask,
    app_factory: AppFactory,
    tmp_path: Path,
    damage: Callable[[Path], None],
    complaint: str,
) -> None:
    archive = make_archive(source, tmp_path)
    damage(archive)
    fresh = app_factory()
    fill_folders(fresh, "fresh")
    instance = Path(fresh.instance_path)
    before = files_under(instance)

    result = backup(fresh, "restore", str(archive), "--yes")

    assert result.exit_code == 1
    assert complaint in result.output
    assert "Nothing was changed" in result.output
    assert files_under(instance) == before


def test_an_archive_from_newer_code_is_refused(
    source: Flask, app_factory: AppFactory, tmp_path: Path
) -> None:
    with contextlib.closing(connect(source)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    archive = make_archive(source, tmp_path)
    fresh = app_factory()
    before = files_under(Path(fresh.instance_path))

    result = backup(fresh, "restore", str(archive), "--yes")

    assert result.exit_code == 1
    assert "9999_from_the_future" in result.output
    assert files_under(Path(fresh.instance_path)) == before


def test_an_archive_with_an_older_schema_is_upgraded_after_restore(
    source: Flask, app_factory: AppFactory, tmp_path: Path
) -> None:
    head = scalar(source, "SELECT version_num FROM alembic_version")
    with source.app_context():
        flask_migrate.downgrade(revision="-1")
        db.engine.dispose()
    older = scalar(source, "SELECT version_num FROM alembic_version")
    assert older != head
    archive = make_archive(source, tmp_path)
    assert read_manifest(archive).alembic_revision == older

    fresh = app_factory()
    result = backup(fresh, "restore", str(archive), "--yes")

    assert result.exit_code == 0, result.output
    assert scalar(fresh, "SELECT version_num FROM alembic_version") == head
    assert scalar(fresh, "SELECT count(*) FROM scratch") == 1500


def test_declining_the_confirmation_changes_nothing(
    source: Flask, app_factory: AppFactory, tmp_path: Path
) -> None:
    archive = make_archive(source, tmp_path)
    fresh = app_factory()
    before = files_under(Path(fresh.instance_path))

    result = backup(fresh, "restore", str(archive), stdin="n\n")

    assert result.exit_code == 1
    assert "Aborted" in result.output
    assert files_under(Path(fresh.instance_path)) == before


def test_keep_prunes_the_oldest_archives_only(source: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup")
    made = [make_archive(source, tmp_path) for _ in range(2)]

    result = backup(source, "create", str(folder), "--keep", "2")

    assert result.exit_code == 0, result.output
    made.append(Path(result.stdout.strip()))
    assert sorted(folder.iterdir()) == sorted([*made[1:], folder / "notes.txt"])
    assert f"Deleted old backup {made[0]}" in result.stderr


def test_list_shows_each_archive_and_flags_unreadable_ones(source: Flask, tmp_path: Path) -> None:
    archive = make_archive(source, tmp_path)
    junk = archive.parent / "shoptwin-backup-20000101T000000Z.tar.gz"
    junk.write_bytes(b"not gzip")

    result = backup(source, "list", str(archive.parent))

    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()
    assert first.startswith(str(junk))
    assert "UNREADABLE" in first
    assert second.startswith(str(archive))
    assert "0.1.0" in second
    assert str(read_manifest(archive).alembic_revision) in second


def test_default_directory_is_the_instance_backups_folder(source: Flask) -> None:
    result = backup(source, "create")

    assert result.exit_code == 0, result.output
    archive = Path(result.output.strip())
    assert archive.parent == Path(source.instance_path) / "backups"
    names = {entry.path for entry in read_manifest(archive).files}
    assert {"database/shoptwin.db", "uploads/source.txt", "models/source.txt"} <= names


@pytest.mark.parametrize("command", [["create"], ["restore", "--yes"]])
def test_postgresql_is_refused_until_a_logical_export_exists(
    app_factory: AppFactory, tmp_path: Path, command: list[str]
) -> None:
    app = app_factory(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://shoptwin@127.0.0.1:1/none")
    target = tmp_path / "archive.tar.gz"
    target.write_bytes(b"")
    args = [*command, str(target)] if command[0] == "restore" else [*command, str(tmp_path)]

    result = backup(app, *args)

    assert result.exit_code == 2
    assert "not implemented yet" in result.output
    assert target.read_bytes() == b""
    assert sorted(tmp_path.glob("shoptwin-backup-*")) == []
