#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d), as
# the superuser: for each service a login role that owns the service's database and nothing else. None is
# superuser or may create databases or roles, and no other role may connect to another's database. Each
# service then migrates its own database as that role (docs/ACCESS.md, "Least privilege").
#
# By hand (e.g. for a volume initialised before this script): with the same variables set,
#   docker compose -p salestrail -f infra/docker-compose.yml exec postgres sh /docker-entrypoint-initdb.d/10-service-roles.sh
# SALESTRAIL_DB_PREFIX (default salestrail) names the roles and databases: <prefix>_records, …
set -eu

prefix="${SALESTRAIL_DB_PREFIX:-salestrail}"
psql_admin() { psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}" "$@"; }

for service in records workflow analytics; do
  variable="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="$(printenv "$variable" || true)"
  if [ -z "$password" ]; then
    echo "10-service-roles.sh: $variable is required (the $service service's database password)" >&2
    exit 1
  fi
  # psql variables (:"name" quotes an identifier, :'name' a literal): no value is pasted into SQL.
  psql_admin --dbname postgres -v name="${prefix}_$service" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done

# Records' name search uses pg_trgm. From Postgres 13 on it is a trusted extension, which the database owner
# creates in its first migration; creating it here as well keeps older servers working.
psql_admin --dbname "${prefix}_records" -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm'
