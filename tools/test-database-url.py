"""Print a TEST_DATABASE_URL for the local PostgreSQL if one answers, else nothing."""

import psycopg

URL = "postgresql://postgres@127.0.0.1:5432/test"

try:
    psycopg.connect(URL, connect_timeout=2).close()
except psycopg.Error:
    pass
else:
    print(URL.replace("postgresql://", "postgresql+psycopg://", 1))
