#!/bin/sh
# rspamd 3.4 (Debian 12 package) offline, for `cargo xtask bench-mailguard`. Stock /etc/rspamd is used read-only; every local
# override, state file, log and pid lives under BASE (via --var LOCAL_CONFDIR/DBDIR/RUNDIR/LOGDIR).
#   rspamd.sh setup       BASE [NORMAL_PORT=11333] [CONTROLLER_PORT=11334] [REDIS_PORT=6390]
#   rspamd.sh redis-start BASE        (only needed for Bayes)
#   rspamd.sh start       BASE        returns when /ping answers (first start ~20-60 s: TLD/hyperscan compile)
#   rspamd.sh train       BASE SPAMDIR HAMDIR   (needs redis + running rspamd; >=200 of each class)
#   rspamd.sh stop        BASE ;  rspamd.sh redis-stop BASE
set -e
CMD=$1; B=$2
[ -f "$B/ports.env" ] && . "$B/ports.env"
VARS="--var=LOCAL_CONFDIR=$B --var=DBDIR=$B/db --var=RUNDIR=$B/run --var=LOGDIR=$B/log"
case "$CMD" in
setup)
  NP=${3:-11333}; CP=${4:-11334}; RP=${5:-6390}
  mkdir -p $B; printf "NP=%s\nCP=%s\nRP=%s\n" $NP $CP $RP > $B/ports.env
  mkdir -p $B/local.d $B/override.d $B/db $B/run $B/log $B/feeds $B/redis
  cat > $B/local.d/options.inc <<'EOF'
# Offline: every DNS query goes to a closed loopback port and fails at once (no stall).
dns {
  nameserver = ["127.0.0.1:1"];
  timeout = 0.1s;
  retransmits = 0;
  sockets = 1;
}
# rspamd drops words at random from texts longer than words_decay (default 600); make it effectively off
words_decay = 1000000;
EOF
  printf 'bind_socket = "127.0.0.1:%s";\ncount = 2;\n' $NP > $B/override.d/worker-normal.inc
  printf 'bind_socket = "127.0.0.1:%s";\ncount = 1;\n' $CP > $B/override.d/worker-controller.inc
  echo 'enabled = false;' > $B/override.d/worker-proxy.inc
  echo 'level = "info";'  > $B/local.d/logging.inc
  # modules that only do DNS/network lookups (or depend on their results): off
  for m in fuzzy_check rbl surbl asn dkim spf dmarc arc emails rspamd_update dcc url_redirector \
           mx_check bimi whitelist once_received; do
    echo 'enabled = false;' > $B/local.d/$m.conf
  done
  cat > $B/local.d/hfilter.conf <<'EOF'
# helo/hostname/from checks resolve names in DNS (a failed lookup would fire *_NORES_A_OR_MX)
helo_enabled = false;
hostname_enabled = false;
from_enabled = false;
rcpt_enabled = true;
url_enabled = true;
EOF
  cat > $B/local.d/phishing.conf <<EOF
# keep the local heuristics (PHISHING = link text vs href mismatch); PhishTank is a DNS lookup: off
phishtank_enabled = false;
# OpenPhish-format feed (one URL per line) read from a local file; empty file = PHISHED_OPENPHISH never fires
openphish_enabled = true;
openphish_map = "$B/feeds/openphish.txt";
EOF
  cat > $B/local.d/classifier-bayes.conf <<EOF
# Bayes in a private redis (only the classifier gets a redis server, so greylist/ratelimit/
# reputation/neural/history stay disabled); no autolearn
backend = "redis";
servers = "127.0.0.1:$RP";
autolearn = false;
min_learns = 200;
EOF
  cat > $B/local.d/groups.conf <<'EOF'
# content view strips Message-ID and Date from both classes: neutralise the rules that would fire on all
group "headers" {
  symbols {
    "MISSING_MID" { weight = 0.0; }
    "MISSING_DATE" { weight = 0.0; }
  }
}
EOF
  # the stock freemail maps are remote only (https://maps.rspamd.com/freemail/free.txt.zst):
  # rebuild FREEMAIL_* from SpamAssassin's list (globs dropped) so they work offline
  grep -h '^freemail_domains' /usr/share/spamassassin/20_freemail_domains.cf 2>/dev/null | tr ' \t' '\n\n' \
    | grep -v '^freemail_domains$' | grep . | grep -v '[*?]' | tr 'A-Z' 'a-z' | sort -u > $B/feeds/freemail.txt || true
  : > $B/override.d/multimap.conf
  for s in "envfrom from" "envrcpt rcpt" "from header;from" "to header;To" "cc header;Cc" "replyto header;Reply-To"; do
    set -- $s; name=$1; t=${2%%;*}; h=${2#*;}
    sym=FREEMAIL_$(echo $name | tr a-z A-Z)
    hdr=""; [ "$t" = header ] && hdr="header = \"$h\"; "
    echo "freemail_$name { type = \"$t\"; ${hdr}filter = \"email:domain\"; map = \"$B/feeds/freemail.txt\"; symbol = \"$sym\"; score = 0.0; }" >> $B/override.d/multimap.conf
  done
  : > $B/feeds/openphish.txt
  chmod 755 $B $B/feeds; chmod 644 $B/feeds/*
  rspamadm $VARS configtest -c /etc/rspamd/rspamd.conf 2>/dev/null
  ;;
redis-start)
  cat > $B/redis/redis.conf <<EOF
bind 127.0.0.1
port $RP
protected-mode yes
daemonize yes
pidfile $B/redis/redis.pid
logfile $B/redis/redis.log
dir $B/redis
save ""
appendonly no
EOF
  redis-server $B/redis/redis.conf
  i=0; until redis-cli -p $RP ping 2>/dev/null | grep -q PONG; do i=$((i+1)); [ $i -gt 40 ] && exit 1; sleep 0.25; done
  echo "redis ready on 127.0.0.1:$RP, pid $(cat $B/redis/redis.pid)"
  ;;
redis-stop)
  redis-cli -p $RP shutdown nosave >/dev/null 2>&1 || true; echo "redis stopped"
  ;;
start)
  chown -R _rspamd:_rspamd $B/db $B/run $B/log
  rm -f $B/run/rspamd.pid
  rspamd -c /etc/rspamd/rspamd.conf -u _rspamd -g _rspamd -p $B/run/rspamd.pid $VARS 2>>$B/log/stderr.log
  i=0
  until curl -s -m 1 http://127.0.0.1:$NP/ping | grep -q pong; do
    i=$((i+1)); [ $i -gt 600 ] && { echo "rspamd not ready" >&2; exit 1; }; sleep 0.25
  done
  echo "rspamd ready on 127.0.0.1:$NP (controller $CP), pid $(cat $B/run/rspamd.pid)"
  ;;
train)
  # Learn-Type: bulk = learn even if Bayes already classifies the message correctly (no train-on-error)
  rspamc -h 127.0.0.1:$CP -n 4 --header "Learn-Type: bulk" learn_spam "$3"/* | grep -c 'success = true' | sed 's/^/learned spam: /'
  rspamc -h 127.0.0.1:$CP -n 4 --header "Learn-Type: bulk" learn_ham  "$4"/* | grep -c 'success = true' | sed 's/^/learned ham: /'
  redis-cli -p $RP hgetall RS | paste -sd' '
  ;;
stop)
  P=$(cat $B/run/rspamd.pid 2>/dev/null) || exit 0
  kill -TERM $P 2>/dev/null || true
  i=0; while kill -0 $P 2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && kill -KILL $P; sleep 0.1; done
  rm -f $B/run/rspamd.pid; echo "rspamd stopped"
  ;;
*) sed -n 2,9p $0; exit 2;;
esac
