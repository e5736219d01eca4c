#!/bin/bash
# The demo on PostgreSQL under load, with PostgreSQL restarted in the middle (BENCHMARKS.md,
# docs/reliability.md). Checks that sign-ins never answer 5xx, that nudges resume after the
# restart, and that every nudge the clients were shown (each one a snooze stored before the
# demo answered) is in the database afterwards.
#   cargo build --release --example demo --example load
#   bash benches/pg_soak.sh                       # 600 s, restart at 300 s
#   SOAK_SECONDS=120 RESTART_AT=60 bash benches/pg_soak.sh
#   RESTART_AT=0 bash benches/pg_soak.sh          # a plain soak, no restart
#   OUTAGE_SECONDS=10 bash benches/pg_soak.sh     # stop PostgreSQL for 10 s instead of a restart
# Needs the local PostgreSQL cluster (pg_ctlcluster) and its superuser over 127.0.0.1 (trust).
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/examples}
SECONDS_TOTAL=${SOAK_SECONDS:-600}
RESTART_AT=${RESTART_AT:-300}
DB=rc_soak
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"
$PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" || exit 1
"$BIN/load" --write-users /tmp/pg-soak-users.json --count "${SOAK_COUNT:-240}" >/dev/null
nice -n 10 "$BIN/demo" --postgres "postgres://postgres@127.0.0.1:5432/$DB" --mfa-code 123456 \
  --users /tmp/pg-soak-users.json --policy examples/data/load-policy.json \
  --listen 127.0.0.1:3301 > /tmp/pg-soak-demo.log 2>&1 &
DEMO=$!
sleep 3
nice -n 10 "$BIN/load" --address 127.0.0.1:3301 --seconds "$SECONDS_TOTAL" --threads 2 \
  --users /tmp/pg-soak-users.json --pid $DEMO --acknowledged /tmp/pg-soak-ack.json \
  > /tmp/pg-soak-load.log 2>&1 &
LOAD=$!
if [ "$RESTART_AT" -gt 0 ]; then
  sleep "$RESTART_AT"
  CLUSTER=$(pg_lsclusters -h | awk 'NR==1 {print $1, $2}')
  echo "$(date +%T) restarting PostgreSQL ($CLUSTER)"
  START=$(date +%s.%N)
  if [ -n "${OUTAGE_SECONDS:-}" ]; then
    pg_ctlcluster $CLUSTER stop
    sleep "$OUTAGE_SECONDS"
    pg_ctlcluster $CLUSTER start
  else
    pg_ctlcluster $CLUSTER restart
  fi
  echo "$(date +%T) PostgreSQL is back after $(echo "$(date +%s.%N) - $START" | bc) s"
fi
wait $LOAD
cat /tmp/pg-soak-load.log
# Scenarios may fail while the database is down (a setup page says "try again"); a sign-in
# must not: no 5xx to POST /mfa.
grep -q "5xx answers: 0 to POST /mfa" /tmp/pg-soak-load.log
LOAD_STATUS=$?
kill -TERM $DEMO; wait $DEMO 2>/dev/null
$PSQL -d $DB -At -F ' ' -c \
  "SELECT user_id, snooze_count FROM registration_campaign_user_state WHERE tenant_id = 'default'" \
  > /tmp/pg-soak-counts.txt
python3 - <<'PY'
import json
acknowledged = json.load(open('/tmp/pg-soak-ack.json'))
stored = dict(line.split() for line in open('/tmp/pg-soak-counts.txt') if line.strip())
lost = {u: (n, int(stored.get(u, 0))) for u, n in acknowledged.items() if int(stored.get(u, 0)) < n}
print(f"nudges shown {sum(acknowledged.values())} to {len(acknowledged)} users; "
      f"snoozes stored for them {sum(int(stored.get(u, 0)) for u in acknowledged)}; "
      f"users with a shown nudge missing from the database: {len(lost)}")
for user, (shown, kept) in list(lost.items())[:10]:
    print(f"  LOST {user}: shown {shown}, stored {kept}")
raise SystemExit(1 if lost else 0)
PY
CHECK=$?
grep -c "store failed" /tmp/pg-soak-demo.log | sed 's/^/demo log lines about store failures: /'
exit $(( LOAD_STATUS != 0 || CHECK != 0 ))
