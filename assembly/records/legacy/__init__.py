"""Import an installation of the old assembly-guidance tool (TBAG) from its folder.

The layout read (anything else in DIR is ignored, anything malformed is skipped and reported):

\b
  DIR/components/<cid>/config.json  {"name": str, "image": "<file name>", "gpio": BCM pin}
  DIR/components/<cid>/<file name>  PNG, JPEG or WebP (checked by content), at most 2 MiB
  DIR/projects/<pid>/config.json    {"name": str, "sequence": [{"comp": "<cid>", "label": str}]}
  DIR/events.db                     SQLite, two tables:
    sessions(id INTEGER, project TEXT (a pid), started, ended, status TEXT, device TEXT)
    events(session_id INTEGER, step INTEGER (0-based), comp TEXT (a cid), ts, kind TEXT)

Times are ISO 8601 (no zone means UTC) or Unix seconds (a number, or text that is one). A
session's status "finished" (or "complete", "completed", "done") imports as finished; any other
status as aborted, with the legacy status kept as its abort reason. A session is skipped when
it ends before it starts, when its events go back to an earlier step (a step shown or confirmed
after a later step's events: its step times would overlap; rows merely written out of order
are taken by time, and events at the same time in step order), and when it is finished but its
events do not reach the project's last step (nothing would prove its steps were done). Events
are skipped when on a step the project lacks (review, finish and abort may also be at the step
index one past the last, where ShopTwin records them) or more than 1 s before their session's
start or after its end.
Event kinds: shown (show, start), confirmed (confirm, next), review, finish (finished, done),
abort (aborted, stop, force_stop).
A project's own picture (an "image" in its config.json, or an image file in its folder) is
reported and left out: ShopTwin projects have no picture.
Ids (cid, pid) must be plain names (letters, digits, "_", "-", "."); they become new slugs
and never paths. Every file read must resolve inside DIR (symlinks out of it are skipped).

Running it again on the same folder imports only what is new: components (same name and
pin), projects (same legacy id and steps) and sessions already imported are reported as such.
"""
