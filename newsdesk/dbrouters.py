"""Read-replica routing, used when DATABASE_REPLICA_URL is set."""

from django.db import transaction


class ReplicaRouter:
    """Reads go to the replica unless the primary is inside a transaction.

    Inside a transaction (a save, an admin form) reads must see the writes already made,
    which only the primary has. Replication lag can make a reader page a moment old;
    purges still follow the primary's commits, so keep the lag below a second or two.
    """

    def db_for_read(self, model, **hints):
        if transaction.get_connection("default").in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
