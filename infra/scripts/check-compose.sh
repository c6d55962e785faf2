#!/usr/bin/env bash
# Checks infra/docker-compose.yml without a Docker engine, with the compose CLI at hand (docker compose v2,
# else docker-compose; Debian's docker-compose is installed when there is neither):
#   1. `config` is refused without each secret the file requires, naming it;
#   2. `config` is valid with all of them, and the result holds no trust, no published secret and no
#      service connecting as the postgres superuser;
#   3. postgres/initdb.d/10-service-roles.sh, run against the local Postgres (127.0.0.1:5432, user
#      postgres, as .ci/run provides), creates roles that are not superuser, and each service migrates
#      its database as its role (`npm run migrate`); the roles and databases are dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=infra/docker-compose.yml
log() { echo "[check-compose] $*"; }
fail() { log "FAIL: $*"; exit 1; }

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  log "installing Debian's docker-compose"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  compose=(docker-compose)
fi
log "using $("${compose[@]}" version 2>/dev/null | head -1)"

# Every `${NAME:?…}` of the file: the secrets it requires.
mapfile -t SECRETS < <(grep -oE '\$\{[A-Z][A-Z0-9_]*:\?' "$FILE" | tr -d '${:?' | sort -u)
[ "${#SECRETS[@]}" -gt 0 ] || fail "$FILE requires no secret"
log "required: ${SECRETS[*]}"

work=$(mktemp -d)
cleanup_pg=()
cleanup() {
  for sql in "${cleanup_pg[@]}"; do psql -h 127.0.0.1 -U postgres -qAt -c "$sql" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
: > "$work/empty.env"

# `config` with exactly the given variables: no inherited environment, no .env file.
config() { env -i PATH="$PATH" HOME="${HOME:-/tmp}" "$@" "${compose[@]}" --env-file "$work/empty.env" -f "$FILE" config; }
value_of() { echo "check-only-$1-$(printf '%s' "$1" | sha256sum | cut -c1-32)"; }
all_but() { for s in "${SECRETS[@]}"; do [ "$s" = "$1" ] || echo "$s=$(value_of "$s")"; done; }

if config >"$work/out" 2>&1; then fail "config succeeded without any secret"; fi
for secret in "${SECRETS[@]}"; do
  mapfile -t others < <(all_but "$secret")
  if config "${others[@]}" >"$work/out" 2>&1; then fail "config succeeded without $secret"; fi
  grep -q "$secret is required" "$work/out" || { cat "$work/out"; fail "the refusal without $secret does not name it"; }
done
log "refused without each secret, naming it"

mapfile -t every < <(all_but "")
config "${every[@]}" >"$work/config.yml" 2>"$work/err" || { cat "$work/err"; fail "config failed with every secret set"; }
for secret in "${SECRETS[@]}"; do grep -q "$(value_of "$secret")" "$work/config.yml" || fail "$secret is required but never used"; done
! grep -qiE 'trust|dev-only-|postgres://postgres[:@]' "$work/config.yml" || fail "config holds trust, a published secret or a superuser connection"
log "valid with them set"

# Works as written: each service starts after its migration step has run to completion (and does not
# migrate itself), and the services find each other by their compose names, not their own loopback.
for svc in records workflow analytics; do
  grep -qE "^  ${svc}-migrate:" "$work/config.yml" || fail "no ${svc}-migrate step"
  awk -v s="  ${svc}:" '$0==s{f=1;next} f&&/^  [a-z]/{f=0} f' "$work/config.yml" > "$work/$svc.yml"
  grep -A1 "${svc}-migrate:" "$work/$svc.yml" | grep -q service_completed_successfully || fail "$svc does not wait for ${svc}-migrate to complete"
  grep -qE "MIGRATE_ON_START: .?off" "$work/$svc.yml" || fail "$svc migrates at start"
done
! grep -E "(_EVENTS_URL|_URL): .*(127\.0\.0\.1|localhost)" "$work/config.yml" || fail "a service is pointed at its own loopback"
for pair in "records WORKFLOW_EVENTS_URL" "workflow RECORDS_EVENTS_URL" "analytics RECORDS_EVENTS_URL" "analytics WORKFLOW_EVENTS_URL"; do
  set -- $pair
  grep -q "$2: http://" "$work/$1.yml" || fail "$1 has no $2 (gap repair would call its own address)"
done
log "each service waits for its migration step and finds the others by name"

# 3. The init script and the migrations as its roles, on the local Postgres.
command -v psql >/dev/null || fail "psql is needed to check the Postgres init script"
prefix="st_compose_check_$$"
declare -A password
for service in records workflow analytics; do
  password[$service]=$(value_of "$service" | sha256sum | cut -c1-40)
  cleanup_pg+=("DROP DATABASE IF EXISTS ${prefix}_$service WITH (FORCE)" "DROP ROLE IF EXISTS ${prefix}_$service")
done
PGHOST=127.0.0.1 POSTGRES_USER=postgres SALESTRAIL_DB_PREFIX="$prefix" \
  RECORDS_DB_PASSWORD="${password[records]}" WORKFLOW_DB_PASSWORD="${password[workflow]}" ANALYTICS_DB_PASSWORD="${password[analytics]}" \
  sh infra/postgres/initdb.d/10-service-roles.sh
roles=$(psql -h 127.0.0.1 -U postgres -qAt -c "SELECT string_agg(rolname || ':' || (rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls), ' ' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE '${prefix}\_%'")
[ "$roles" = "${prefix}_analytics:false ${prefix}_records:false ${prefix}_workflow:false" ] || fail "roles with more than their database: $roles"
url() { echo "postgres://${prefix}_$1:${password[$1]}@127.0.0.1:5432/${prefix}_$1"; }
RECORDS_DATABASE_URL=$(url records) WORKFLOW_DATABASE_URL=$(url workflow) ANALYTICS_DATABASE_URL=$(url analytics) npm run -s migrate
for service in records workflow analytics; do
  applied=$(psql "$(url "$service")" -qAt -c "SELECT count(*) FROM schema_migration")
  [ "$applied" -gt 0 ] || fail "$service: no migration applied"
  log "$service: $applied migrations applied as ${prefix}_$service (not superuser)"
done
log "ok"
