#!/bin/bash
# Soak of the demo under load, sampling its SQLite database every 2 minutes (BENCHMARKS.md).
#   cargo build --release --example demo --example load
#   SOAK_SECONDS=1500 SOAK_COUNT=2400 bash benches/soak.sh      # SOAK_KEEP=1 reuses the data
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/examples}
DATA=${SOAK_DATA:-/tmp/soakdata}
[ -n "${SOAK_KEEP:-}" ] || { rm -rf "$DATA"; mkdir -p "$DATA"; }
"$BIN/load" --write-users /tmp/load-users.json --count "${SOAK_COUNT:-2400}"
nice -n 10 "$BIN/demo" --data "$DATA" --mfa-code 123456 --users /tmp/load-users.json \
  --policy examples/data/load-policy.json --listen 127.0.0.1:3300 > /tmp/soak-demo.log 2>&1 &
DEMO=$!
sleep 3
nice -n 10 "$BIN/load" --address 127.0.0.1:3300 --seconds "${SOAK_SECONDS:-1500}" --threads 2 \
  --users /tmp/load-users.json --pid $DEMO > /tmp/soak-load.log 2>&1 &
LOAD=$!
while kill -0 $LOAD 2>/dev/null; do
  DATA="$DATA" python3 - <<'PY'
import sqlite3, os, glob, time
db = glob.glob(os.environ['DATA'] + '/*.sqlite3')[0]
size = os.path.getsize(db)
wal = os.path.getsize(db + '-wal') if os.path.exists(db + '-wal') else 0
c = sqlite3.connect(f'file:{db}?mode=ro', uri=True, timeout=10)
kinds = dict(c.execute("select kind, count(*) from registration_campaign_record group by kind"))
attempts = c.execute("select count(*) from registration_campaign_snooze_attempt").fetchone()[0]
print(time.strftime('%H:%M:%S'), f"db {size/1e6:.1f} MB wal {wal/1e6:.1f} MB",
      f"attempts {attempts}", kinds, flush=True)
PY
  sleep 120
done
kill $DEMO
cat /tmp/soak-load.log
