#!/bin/sh
# First start of the PostgreSQL container (docker-entrypoint-initdb.d): one database per service,
# each owned by a role of the same name that only it may connect to (COMPTOIR_DATABASES, names
# separated by spaces; password COMPTOIR_DATABASE_PASSWORD).
set -eu
for name in $COMPTOIR_DATABASES; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$name" -v password="$COMPTOIR_DATABASE_PASSWORD" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
