#!/bin/sh
# The read replica: on first start, a base backup of the primary with the settings to follow it
# (-R writes primary_conninfo and standby.signal); then PostgreSQL as a hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db-primary -p 5432 -q; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h db-primary -U replicator \
    -D "$PGDATA" -X stream -R
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
