#!/bin/sh
# One-shot job of docker-compose.yml (temporalio/admin-tools image): creates Temporal's two PostgreSQL
# databases if missing and brings their schemas to the version this admin-tools release ships. Safe to
# run on every `docker compose up`: an existing database is kept, applied versions are skipped.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
port=${DB_PORT:-5432}
schemas=/etc/temporal/schema/postgresql/v12

attempt=1
until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  [ "$attempt" -ge 30 ] && { echo "PostgreSQL at $POSTGRES_SEEDS:$port did not open its port" >&2; exit 1; }
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$port ($attempt/30)..."
  attempt=$((attempt + 1))
  sleep 2
done

for db in temporal:temporal temporal_visibility:visibility; do
  name=${db%%:*}
  dir=${db#*:}
  sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$port" --db "$name" "$@"; }
  sql create
  sql setup-schema -v 0.0
  sql update-schema -d "$schemas/$dir/versioned"
done
echo "Temporal's PostgreSQL schemas are up to date"
