#!/bin/sh
# SpamAssassin 4 (Debian 12 package) offline, for `cargo xtask bench-mailguard`; nothing under /etc is
# read or written. Rules are the package's own (/usr/share/spamassassin): sa-update needs the network.
#   spamassassin.sh setup   BASE                   write private config to BASE/etc (+ empty phishing feeds)
#   spamassassin.sh train   BASE SPAMDIR HAMDIR    private Bayes DB in BASE/bayes (sa-learn, no network)
#   spamassassin.sh start   BASE [PORT=7830] [CHILDREN=2]   spamd on 127.0.0.1:PORT, returns when it answers PING
#   spamassassin.sh stop    BASE
set -e
CMD=$1; B=$2
RULES=/usr/share/spamassassin          # rules shipped in the .deb; no sa-update needed
SAOPTS="-L -C $RULES --siteconfigpath=$B/etc"
case "$CMD" in
setup)
  mkdir -p $B/etc $B/bayes $B/home $B/feeds $B/run $B/log
  cat > $B/etc/init.pre <<'EOF'
# Only this dir's *.pre are read (because of --siteconfigpath); /etc/spamassassin/*.pre are ignored.
loadplugin Mail::SpamAssassin::Plugin::Check
loadplugin Mail::SpamAssassin::Plugin::Bayes
loadplugin Mail::SpamAssassin::Plugin::AutoLearnThreshold
loadplugin Mail::SpamAssassin::Plugin::BodyEval
loadplugin Mail::SpamAssassin::Plugin::DNSEval
loadplugin Mail::SpamAssassin::Plugin::HTMLEval
loadplugin Mail::SpamAssassin::Plugin::HeaderEval
loadplugin Mail::SpamAssassin::Plugin::MIMEEval
loadplugin Mail::SpamAssassin::Plugin::RelayEval
loadplugin Mail::SpamAssassin::Plugin::URIEval
loadplugin Mail::SpamAssassin::Plugin::WLBLEval
loadplugin Mail::SpamAssassin::Plugin::VBounce
loadplugin Mail::SpamAssassin::Plugin::ImageInfo
loadplugin Mail::SpamAssassin::Plugin::FreeMail
loadplugin Mail::SpamAssassin::Plugin::HTTPSMismatch
loadplugin Mail::SpamAssassin::Plugin::URIDetail
loadplugin Mail::SpamAssassin::Plugin::MIMEHeader
loadplugin Mail::SpamAssassin::Plugin::ReplaceTags
loadplugin Mail::SpamAssassin::Plugin::WelcomeListSubject
loadplugin Mail::SpamAssassin::Plugin::FromNameSpoof
loadplugin Mail::SpamAssassin::Plugin::PDFInfo
loadplugin Mail::SpamAssassin::Plugin::Phishing
# NOT loaded on purpose: network/DNS (URIDNSBL SPF DKIM DMARC AskDNS HashBL ASN Razor2 Pyzor DCC SpamCop
# DecodeShortURLs), stateful (AWL TxRep), needs GeoIP DB (RelayCountry URILocalBL), no effect here
# (TextCat Shortcircuit AuthRes), OLEVBMacro (needs libarchive-zip-perl and ships no rules).
EOF
  cat > $B/etc/local.cf <<EOF
required_score          5.0
report_safe             0
# --- no network at all (spamd/sa-learn also get -L) ---
dns_available           no
skip_rbl_checks         1
# --- Bayes: on, private DB, never learns by itself ---
use_bayes               1
use_bayes_rules         1
bayes_auto_learn        0
bayes_auto_expire       0
bayes_learn_to_journal  0
bayes_path              $B/bayes/bayes
bayes_file_mode         0666
lock_method             flock
# --- Phishing plugin: local OpenPhish/PhishTank-format files (missing or empty = rule never fires) ---
ifplugin Mail::SpamAssassin::Plugin::Phishing
  phishing_openphish_feed  $B/feeds/openphish-feed.txt
  phishing_phishtank_feed  $B/feeds/phishtank-feed.csv
  body     URI_PHISHING    eval:check_phishing()
  describe URI_PHISHING    URL listed in a local phishing feed
  score    URI_PHISHING    3.0
endif
EOF
  cat > $B/etc/content_view.cf <<'EOF'
# The benchmark's content view strips Message-ID and Date from BOTH classes: neutralise the rules that
# would otherwise add +3.0 to every message (0.001 rather than 0 keeps them evaluated for meta rules).
score MISSING_MID   0.001
score MISSING_DATE  0.001
EOF
  : > $B/feeds/openphish-feed.txt
  echo 'phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target' > $B/feeds/phishtank-feed.csv
  HOME=$B/home spamassassin $SAOPTS -x --lint   # exits non-zero on any config error
  ;;
train)
  # >= 200 spam and >= 200 ham are needed before BAYES_* rules fire (bayes_min_spam_num/bayes_min_ham_num)
  HOME=$B/home sa-learn $SAOPTS --spam "$3"
  HOME=$B/home sa-learn $SAOPTS --ham  "$4"
  HOME=$B/home sa-learn $SAOPTS --dump magic | grep -E "nspam|nham"
  ;;
start)
  PORT=${3:-7830}; CH=${4:-2}
  chown -R nobody:nogroup $B/bayes $B/home      # root-started spamd runs its children as -u nobody
  rm -f $B/run/spamd.pid
  spamd -d $SAOPTS -x -u nobody -g nogroup -H $B/home \
    -i 127.0.0.1:$PORT -A 127.0.0.1 \
    -m $CH --min-children=$CH --min-spare=1 --max-spare=$CH --max-conn-per-child=100000 \
    --timeout-child=120 -r $B/run/spamd.pid -s $B/log/spamd.log
  i=0
  until spamc -d 127.0.0.1 -p $PORT -K -t 1 >/dev/null 2>&1; do
    i=$((i+1)); [ $i -gt 240 ] && { echo "spamd not ready" >&2; exit 1; }; sleep 0.25
  done
  echo "spamd ready on 127.0.0.1:$PORT, pid $(cat $B/run/spamd.pid)"
  ;;
stop)
  P=$(cat $B/run/spamd.pid 2>/dev/null) || exit 0
  kill -TERM $P 2>/dev/null || true
  i=0; while kill -0 $P 2>/dev/null; do i=$((i+1)); [ $i -gt 100 ] && kill -KILL $P; sleep 0.1; done
  rm -f $B/run/spamd.pid; echo "spamd stopped"
  ;;
*) sed -n 2,7p $0; exit 2;;
esac
