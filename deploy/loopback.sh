#!/usr/bin/env bash
# The reference stack on 127.0.0.1 (ADR 0013): PostgreSQL (DATABASE_URL, an existing server), two app nodes
# from dist/ (ports 3101, 3102), nginx with deploy/nginx/dvc-hub.conf's caching rules, TLS with a throwaway
# self-signed certificate and HTTP/2 on 127.0.0.1:8443. Then: load the guide page through nginx and print the
# cache hit ratio (nginx's and the app's), publish a guide from another process and time until the public
# list shows it through nginx (goal: within max-age, PAGE_CACHE_SECONDS). Everything stops at the end.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvc_loopback deploy/loopback.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:=postgres://postgres@127.0.0.1:5432/dvc_loopback}"
export DATABASE_URL
MAX_AGE="${PAGE_CACHE_SECONDS:-60}"
for c in nginx wrk openssl curl psql; do command -v "$c" >/dev/null || { echo "needs $c (apt-get install nginx-light wrk openssl curl postgresql-client)"; exit 1; }; done
[ -f dist/server.js ] || npm run --silent build
psql "${DATABASE_URL%/*}/postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE_URL##*/}'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE ${DATABASE_URL##*/}"

run=$(mktemp -d /tmp/dvc-loopback-XXXX); chmod 755 "$run"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$run/nginx.pid" ] && kill -QUIT "$(cat "$run/nginx.pid")" 2>/dev/null || true
  sleep 1; rm -rf "$run"
}
trap cleanup EXIT

export SESSION_SECRET="${SESSION_SECRET:-loopback-secret-loopback-secret-0123456789}" SEED_DEMO=true LOG_LEVEL=warn \
  HOST=127.0.0.1 TRUST_PROXY=loopback PUBLIC_URL=https://127.0.0.1:8443 PAGE_CACHE_SECONDS="$MAX_AGE"
for port in 3101 3102; do
  PORT=$port DATA_DIR="$run/data-$port" node dist/server.js >"$run/node-$port.log" 2>&1 &
  pids+=($!)
done
for port in 3101 3102; do
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && break; sleep 0.5
  done
  echo "node :$port ready"
done
# Wait for the demo guides (seeded after listening).
for _ in $(seq 1 240); do grep -q 'all data loaded' "$run/node-3101.log" && break; sleep 0.5; done

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout "$run/key.pem" -out "$run/cert.pem" 2>/dev/null
mkdir -p "$run/cache" "$run/tmp"
# The reference config, pointed at this run's paths and ports (listen on loopback only).
sed -e "s#/var/cache/nginx/dvc-hub#$run/cache#" -e "s#/etc/ssl/dvc-hub/fullchain.pem#$run/cert.pem#" \
    -e "s#/etc/ssl/dvc-hub/privkey.pem#$run/key.pem#" -e "s#/opt/dvc-hub/public/#$PWD/public/#" \
    -e 's#listen 443 ssl http2;#listen 127.0.0.1:8443 ssl http2;#' -e 's#listen 80;#listen 127.0.0.1:8080;#' -e '/listen \[::\]/d' \
    -e 's#add_header X-Cache-Status#add_header X-Cache-Status#' deploy/nginx/dvc-hub.conf >"$run/site.conf"
cat >"$run/nginx.conf" <<CONF
worker_processes auto;
pid $run/nginx.pid;
error_log $run/error.log warn;
events { worker_connections 1024; }
http {
  types { text/html html; text/css css; application/javascript js; image/svg+xml svg; }
  log_format cache '\$upstream_cache_status \$status \$request_uri';
  access_log $run/access.log cache;
  client_body_temp_path $run/tmp/body; proxy_temp_path $run/tmp/proxy; fastcgi_temp_path $run/tmp/fcgi;
  uwsgi_temp_path $run/tmp/uwsgi; scgi_temp_path $run/tmp/scgi;
  include $run/site.conf;
}
CONF
nginx -p "$run" -c "$run/nginx.conf" -e "$run/error.log"
base=https://127.0.0.1:8443
echo
echo "anonymous GET through nginx (HTTP/2, TLS):"
curl -sk --http2 -D - -o /dev/null -H 'accept-encoding: br' "$base/huong-dan/khai-sinh" | grep -iE '^(HTTP|cache-control|etag|vary|set-cookie|x-cache-status|content-encoding)'
echo
echo "load: wrk 20 connections, 5 s, guide page (accept-encoding: br)"
: >"$run/access.log"
wrk -t2 -c20 -d5s -H 'accept-encoding: br' "$base/huong-dan/khai-sinh" | grep -E 'Requests/sec|Latency'
awk '{n[$1]++; t++} END {for (k in n) printf "  nginx %-8s %7d (%.1f %%)\n", k, n[k], 100*n[k]/t}' "$run/access.log"
echo
# The guide list is in nginx's cache (and both nodes' render caches) before the publish.
for _ in 1 2 3; do curl -sk -o /dev/null -D - "$base/huong-dan" | grep -i '^x-cache-status' | tr -d '\r' | sed 's/^/  \/huong-dan before the publish: /'; done
slug=$(node --import tsx deploy/publish-demo.ts | tail -1)
published=$(date +%s.%N)
echo "published /huong-dan/$slug (from a third process; NOTIFY to both nodes)"
while ! curl -sk "$base/huong-dan" | grep -q "/huong-dan/$slug\""; do
  sleep 0.5
  elapsed=$(echo "$(date +%s.%N) - $published" | bc)
  if [ "$(echo "$elapsed > $MAX_AGE + 10" | bc)" = 1 ]; then echo "NOT visible after $elapsed s"; exit 1; fi
done
elapsed=$(echo "$(date +%s.%N) - $published" | bc)
printf 'visible through nginx after %.1f s (max-age %s s): %s\n' "$elapsed" "$MAX_AGE" "$([ "$(echo "$elapsed <= $MAX_AGE" | bc)" = 1 ] && echo met || echo 'NOT met')"
