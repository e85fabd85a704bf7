#!/bin/sh
# ClamAV 1.4 on-access scanning (Debian 12's clamav-daemon: clamd + clamonacc), for the overhead
# measure of `cargo xtask bench-sentinel`; nothing under /etc is read or written, no service of
# the system is started. Its signature database is one signature of our own, for a test pattern
# written at setup: freshclam needs the network, and ClamAV's real database (millions of
# signatures) would only make each scan slower — its figure here is a floor.
#   clamav.sh setup BASE FOLDER yes|no   private clamd.conf in BASE watching FOLDER (and below),
#                                        with OnAccessPrevention yes (opens wait for the scan) or no
#   clamav.sh start BASE                 clamd, then clamonacc (root: fanotify); returns when both
#                                        run and the folder is watched
#   clamav.sh stop  BASE
#   clamav.sh pids  BASE                 clamd's and clamonacc's process ids, one a line
set -e
CMD=$1; B=$2
case "$CMD" in
setup)
  FOLDER=$3; PREVENTION=$4
  rm -rf "$B"; mkdir -p "$B/db" "$B/run"
  printf 'Hygie bench: a test pattern ClamAV must find.\n' > "$B/pattern"
  SUM=$(md5sum < "$B/pattern" | cut -d' ' -f1)
  SIZE=$(wc -c < "$B/pattern")
  echo "$SUM:$SIZE:Hygie.Bench.Pattern" > "$B/db/bench.hdb"
  cat > "$B/clamd.conf" <<EOF
LocalSocket $B/run/clamd.sock
PidFile $B/run/clamd.pid
DatabaseDirectory $B/db
Foreground yes
LogFile $B/run/clamd.log
LogTime yes
MaxThreads 2
SelfCheck 3600
OnAccessIncludePath $FOLDER
OnAccessPrevention $PREVENTION
OnAccessExcludeUname clamav
EOF
  ;;
start)
  clamd --config-file="$B/clamd.conf" > "$B/run/clamd.out" 2>&1 &
  i=0
  until [ -S "$B/run/clamd.sock" ] && grep -q "Self checking" "$B/run/clamd.log" 2>/dev/null; do
    i=$((i + 1)); [ $i -le 300 ] || { echo "clamd did not start: $(tail -n 5 "$B/run/clamd.out")" >&2; exit 1; }
    sleep 0.1
  done
  clamonacc --config-file="$B/clamd.conf" --fdpass --foreground --log="$B/run/clamonacc.log" \
    > "$B/run/clamonacc.out" 2>&1 &
  echo $! > "$B/run/clamonacc.pid"
  i=0
  until grep -q "ClamInotif: watching" "$B/run/clamonacc.log" 2>/dev/null; do
    i=$((i + 1)); [ $i -le 300 ] || { echo "clamonacc did not start: $(tail -n 5 "$B/run/clamonacc.out")" >&2; exit 1; }
    sleep 0.1
  done
  ;;
stop)
  for pidfile in "$B/run/clamonacc.pid" "$B/run/clamd.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  ;;
pids)
  cat "$B/run/clamd.pid" "$B/run/clamonacc.pid"
  ;;
*)
  echo "usage: clamav.sh setup|start|stop|pids BASE ..." >&2; exit 2
  ;;
esac
