#!/usr/bin/env bash
# Writes infra/.env with a fresh value for every secret infra/docker-compose.yml requires (each
# `${NAME:?…}`): an Ed25519 key pair for the gateway's identity keys, 32 random bytes (hex, safe inside
# URLs) for every password and key. It never overwrites an existing file: secrets already in use stay.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.env
if [ -e "$out" ]; then echo "infra/.env exists; move it away first to generate new secrets" >&2; exit 1; fi
umask 077
der=$(mktemp)
trap 'rm -f "$der"' EXIT
openssl genpkey -algorithm ed25519 -outform DER -out "$der" 2>/dev/null
private=$(base64 -w0 "$der")
public=$(openssl pkey -inform DER -in "$der" -pubout -outform DER | base64 -w0)
grep -oE '\$\{[A-Z][A-Z0-9_]*:\?' docker-compose.yml | tr -d '${:?' | sort -u | while read -r name; do
  case "$name" in
    GATEWAY_IDENTITY_PRIVATE_KEY) echo "$name=$private" ;;
    GATEWAY_IDENTITY_PUBLIC_KEY) echo "$name=$public" ;;
    *) echo "$name=$(openssl rand -hex 32)" ;;
  esac
done > "$out"
echo "wrote infra/.env ($(wc -l < "$out") secrets); keep it out of version control and back it up"
