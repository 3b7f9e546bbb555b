"""Can the PostgreSQL + Redis run of the suite happen here? (`make test` asks.)

Exit 0: both servers answer. Exit 3: one does not and CI is unset (the run is skipped,
with the reason printed). Exit 1: one does not in CI, where both must.
"""

import os
import sys

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsdesk")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def problems() -> list[str]:
    found = []
    try:
        import psycopg

        dsn = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
        psycopg.connect(dsn, connect_timeout=3).close()
    except Exception as error:
        found.append(f"PostgreSQL at {DATABASE_URL}: {error}".strip())
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:
        found.append(f"Redis at {REDIS_URL}: {error}")
    return found


if __name__ == "__main__":
    missing = problems()
    if not missing:
        print(f"DATABASE_URL={DATABASE_URL} REDIS_URL={REDIS_URL}")
        sys.exit(0)
    for problem in missing:
        print(f"cannot reach {problem}", file=sys.stderr)
    if os.environ.get("CI"):
        sys.exit(1)
    print("SKIPPED the PostgreSQL + Redis run of the suite: no servers here.", file=sys.stderr)
    sys.exit(3)
