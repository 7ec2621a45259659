#!/bin/sh
# First start of the PostgreSQL container (docker-entrypoint-initdb.d): the databases named in
# COMPTOIR_DATABASES (Compose: the search role's, and one the other roles share), each owned by a login role of the same
# name that alone may connect to it (COMPTOIR_DATABASES, names
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
