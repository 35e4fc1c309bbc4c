#!/usr/bin/env bash
# The Slurm example, for real: starts a one-node Slurm cluster on this machine from Debian's
# packages (slurm-wlm, munge; this script installs nothing), submits the sharded sweep of
# examples/distributed/ with examples/distributed/slurm/run.sh --wait exactly as its README
# says (an array job of 4 shards, then the merge with --dependency=afterok), runs the same sweep
# unsharded, and compares every file of the two reports byte for byte with cmp.
#
#   npm run test:slurm        (as root: the daemons run as root; dist/ must be built)
#
# Prints "slurm: 1 passed, 0 failed" or "slurm: 0 passed, 1 failed"; exit 0 only on a pass.
# Everything (munge key and socket, slurm.conf, state, logs, the reports) lives in one temp
# folder, removed on exit with the daemons stopped, whatever happened. Nothing under /etc is
# touched: clients find the cluster through SLURM_CONF, Slurm finds munged through AuthInfo.
# Environment: SLURM_TEST_PORT (slurmctld's port, default 16817; slurmd uses the next one; when
# either is taken, both move up by 10 until free), SLURM_TEST_KEEP=1 keeps the temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXAMPLES="$ROOT/examples/distributed"
SCENARIO="$EXAMPLES/sweep-small.json"
PORT="${SLURM_TEST_PORT:-16817}"
BOUND=60 # seconds any single wait may take before the test gives up (a job takes a few)

say() { echo "slurm-test: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (slurmd and munged run as root here)"
for cmd in munged mungekey slurmctld slurmd sbatch sinfo squeue scancel; do
  command -v "$cmd" >/dev/null || die "$cmd not found: apt-get install -y slurm-wlm munge"
done
[ -f "$ROOT/dist/cli/main.js" ] || die "dist/ not built: npm run build"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/amm-sim-slurm.XXXXXX")"
# munged refuses a socket in a folder others cannot traverse; the key gets its own 0700 folder
chmod 755 "$TMP"
mkdir -m 700 "$TMP/munge-key"
mkdir "$TMP/state" "$TMP/spool" "$TMP/bin" "$TMP/work"

passed=0
# alive: running and not a zombie (a daemon's zombie lingers until whoever adopted it reaps it)
alive() {
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ $stat != Z* ]]
}
# Stop in the reverse order of start, each by its pid file, and wait (bounded) until it is gone.
stop_pid_file() {
  local file="$1" pid i
  [ -s "$file" ] || return 0
  pid="$(cat "$file")"
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < BOUND * 10; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$passed" -ne 1 ]; then
    rc=$((rc == 0 ? 1 : rc))
    for log in "$TMP"/*.log "$TMP"/work/shared/logs/*.out; do
      [ -f "$log" ] && { say "--- ${log#"$TMP"/}"; tail -n 20 "$log" >&2; }
    done
  fi
  [ -f "$TMP/slurmctld.pid" ] && scancel --full --quiet --user=root 2>/dev/null || true
  stop_pid_file "$TMP/slurmd.pid"
  stop_pid_file "$TMP/slurmctld.pid"
  stop_pid_file "$TMP/munged.pid"
  if [ "${SLURM_TEST_KEEP:-}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  if [ "$passed" -eq 1 ]; then echo "slurm: 1 passed, 0 failed"; else echo "slurm: 0 passed, 1 failed"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- munge: a fresh key, a private socket -------------------------------------------------
mungekey --create --keyfile="$TMP/munge-key/munge.key"
munged --key-file="$TMP/munge-key/munge.key" --socket="$TMP/munge.sock" \
  --pid-file="$TMP/munged.pid" --log-file="$TMP/munged.log" --seed-file="$TMP/munged.seed"

# --- slurm.conf naming this host ----------------------------------------------------------
host="$(hostname -s)"
# two free ports from SLURM_TEST_PORT on (another cluster, or another run of this test, may hold it)
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for ((tries = 0; tries < 20; tries++)); do
  port_taken "$PORT" || port_taken "$((PORT + 1))" || break
  PORT=$((PORT + 10))
done
export SLURM_CONF="$TMP/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=ammsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$TMP/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1024 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"

# --- wait (bounded) until the node is idle ------------------------------------------------
state=""
for ((i = 0; i < BOUND * 10; i++)); do
  state="$(sinfo --noheader --nodes="$host" --format=%T 2>/dev/null || true)"
  [ "$state" = idle ] && break
  sleep 0.1
done
[ "$state" = idle ] || die "node $host not idle after ${BOUND}s (state: ${state:-none})"
say "one-node cluster up: $host, $(nproc) CPUs, port $PORT"

# --- the user's steps: amm-sim on PATH, then the example's run.sh -------------------------
# A user would have run `npm install -g amm-sim`; here `amm-sim` is this checkout's build.
cat >"$TMP/bin/amm-sim" <<SHIM
#!/bin/sh
exec node "$ROOT/dist/cli/main.js" "\$@"
SHIM
chmod +x "$TMP/bin/amm-sim"
export PATH="$TMP/bin:$PATH"

cd "$TMP/work"
cp "$SCENARIO" sweep.json
# bounded too: a job stuck pending would otherwise hang CI
timeout "$((BOUND * 5))" "$EXAMPLES/slurm/run.sh" --wait sweep.json shared ||
  die "the Slurm run failed (run.sh exit $?)"
amm-sim sweep sweep.json --out unsharded >unsharded.log 2>&1 ||
  die "the unsharded sweep failed: $(cat unsharded.log)"

# --- the same files, byte for byte --------------------------------------------------------
(cd unsharded && find . -type f | LC_ALL=C sort) >unsharded.files
(cd shared/report && find . -type f | LC_ALL=C sort) >merged.files
diff unsharded.files merged.files >&2 || die "the merged report has other files than the unsharded one"
[ -s unsharded.files ] || die "the unsharded sweep wrote no files"
while read -r f; do
  cmp "unsharded/$f" "shared/report/$f" >&2 || die "$f differs between the merged and the unsharded report"
done <unsharded.files
say "$(wc -l <unsharded.files) files identical: $(tr '\n' ' ' <unsharded.files)"
passed=1
