#!/usr/bin/env bash
# Submits a sharded amm-sim sweep to Slurm: the array job (one shard per task), then the merge,
# which starts only when every shard succeeded (--dependency=afterok).
#
#   run.sh [--wait] SCENARIO [SHARED]
#
#   SCENARIO  the sweep scenario file
#   SHARED    a folder on a file system every node shares (default: ./sweep-shared); the report
#             lands in SHARED/report/<scenario name>/, Slurm's logs in SHARED/logs/
#   --wait    return only when the merge has finished, with its exit code (0: the report is there)
#   SHARDS    environment variable: number of array tasks (default: the --array of sweep-array.sbatch)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

wait_flag=()
if [ "${1:-}" = "--wait" ]; then wait_flag=(--wait); shift; fi
[ $# -ge 1 ] && [ $# -le 2 ] || { sed -n '5,11p' "$0" >&2; exit 2; }

[ -f "$1" ] || { echo "run.sh: $1: no such file" >&2; exit 2; }
SCENARIO="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SHARED="${2:-$PWD/sweep-shared}"
mkdir -p "$SHARED/logs"
SHARED="$(cd "$SHARED" && pwd)"
export SCENARIO SHARED

array=()
if [ -n "${SHARDS:-}" ]; then array=(--array="0-$((SHARDS - 1))"); fi

sweep_job=$(sbatch --parsable "${array[@]}" --output="$SHARED/logs/%x-%A_%a.out" \
  "$here/sweep-array.sbatch")
sweep_job="${sweep_job%%;*}" # --parsable prints "id" or "id;cluster"
echo "sweep: array job $sweep_job"

# A failed shard makes the dependency impossible: --kill-on-invalid-dep cancels the merge
# instead of leaving it pending forever (and makes --wait return non-zero).
merge_out=$(sbatch --parsable "${wait_flag[@]}" --dependency="afterok:$sweep_job" \
  --kill-on-invalid-dep=yes --output="$SHARED/logs/%x-%j.out" "$here/merge.sbatch") || {
  echo "merge: job ${merge_out%%;*} failed or was cancelled; see $SHARED/logs/" >&2
  exit 1
}
echo "merge: job ${merge_out%%;*} → $SHARED/report/"
