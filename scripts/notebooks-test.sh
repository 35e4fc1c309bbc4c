#!/usr/bin/env bash
# Runs every notebook in notebooks/ top to bottom on the tslab TypeScript kernel, as CI does
# (npm run test:notebooks; docs/notebooks.md). Fails when:
#  - a committed notebook carries outputs or execution counts (commit them stripped);
#  - a cell fails (type error or exception): jupyter nbconvert --execute exits non-zero;
#  - an executed notebook shows no chart (no image/png or image/svg+xml output).
# Needs: jupyter nbconvert + a Python with jupyter_client (Debian: jupyter-notebook,
# jupyter-nbconvert, python3-ipykernel) and tslab on the PATH (npm install -g tslab).
# How `import ... from 'amm-sim'` resolves in a notebook: notebooks/node_modules/amm-sim is a
# symlink to the repository root (made here when missing; git ignores it), so the notebooks
# load this checkout's built dist/ through package.json's main/types/exports.
# The kernel is registered in a temporary JUPYTER_DATA_DIR, so the user's Jupyter set-up is
# neither needed nor changed; the executed copies go to a temporary folder; both are removed.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in jupyter tslab node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "notebooks: '$tool' not found; see docs/notebooks.md (Debian: apt-get install jupyter-notebook jupyter-nbconvert python3-ipykernel; npm install -g tslab)" >&2
    exit 1
  fi
done

shopt -s nullglob
notebooks=(notebooks/*.ipynb)
if [ "${#notebooks[@]}" -eq 0 ]; then
  echo "notebooks: no notebooks/*.ipynb found" >&2
  exit 1
fi

# 1. Committed notebooks carry no outputs: a diff then shows code and prose only.
node --input-type=module - "${notebooks[@]}" <<'EOF'
import { readFileSync } from 'node:fs'
let bad = 0
for (const file of process.argv.slice(2)) {
  const nb = JSON.parse(readFileSync(file, 'utf8'))
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== 'code') return
    if ((cell.outputs ?? []).length > 0 || cell.execution_count != null) {
      console.error(`notebooks: ${file}: cell ${i + 1} has outputs; commit notebooks stripped (Jupyter: Cell > All Output > Clear, or jupyter nbconvert --clear-output --inplace ${file})`)
      bad++
    }
  })
  if (nb.metadata?.kernelspec?.name !== 'tslab') {
    console.error(`notebooks: ${file}: kernelspec.name is ${JSON.stringify(nb.metadata?.kernelspec?.name)}, expected "tslab"`)
    bad++
  }
}
process.exit(bad > 0 ? 1 : 0)
EOF

# 2. The package the notebooks import: this checkout, built.
npm run build --silent
mkdir -p notebooks/node_modules
if [ ! -e notebooks/node_modules/amm-sim ]; then
  ln -s ../.. notebooks/node_modules/amm-sim
fi
if [ "$(cd notebooks/node_modules/amm-sim && pwd -P)" != "$(pwd -P)" ]; then
  echo "notebooks: notebooks/node_modules/amm-sim is not a link to this checkout; remove it and rerun" >&2
  exit 1
fi

# 3. A Python that has jupyter_client registers the kernel (a pyenv or venv python3 first on
# the PATH may lack it; Debian's is /usr/bin/python3).
python=""
for candidate in python3 /usr/bin/python3 /usr/local/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import jupyter_client' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "notebooks: no python3 with jupyter_client found (Debian: apt-get install python3-ipykernel)" >&2
  exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export JUPYTER_DATA_DIR="$tmp/jupyter-data"
export JUPYTER_RUNTIME_DIR="$tmp/jupyter-runtime"
tslab install --user --python "$python" >/dev/null

# 4. Execute each notebook top to bottom; any failing cell stops it with a non-zero exit.
status=0
for nb in "${notebooks[@]}"; do
  echo "notebooks: running $nb" >&2
  if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --ExecutePreprocessor.kernel_name=tslab --output-dir "$tmp/out" "$nb" 2>"$tmp/nbconvert.log"; then
    cat "$tmp/nbconvert.log" >&2
    # tslab writes the error text to the cell's stderr (the reply itself carries an empty
    # message), which a failed nbconvert does not save: run the notebook once more past errors
    # and print what each cell wrote to stderr.
    jupyter nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=tslab --output-dir "$tmp/failed" "$nb" >/dev/null 2>&1 || true
    if [ -f "$tmp/failed/$(basename "$nb")" ]; then
      node --input-type=module - "$tmp/failed/$(basename "$nb")" <<'JS'
import { readFileSync } from 'node:fs'
const nb = JSON.parse(readFileSync(process.argv[2], 'utf8'))
nb.cells.forEach((cell, i) => {
  const text = (cell.outputs ?? [])
    .filter((o) => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
    .map((o) => (o.output_type === 'error' ? `${o.ename}: ${o.evalue}\n` : [o.text].flat().join('')))
    .join('')
  if (text !== '') console.error(`notebooks: cell ${i + 1} wrote to stderr:\n${text.trim()}`)
})
JS
    fi
    echo "notebooks: $nb failed (above: the cell and its error)" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] || exit "$status"

# 5. Each executed notebook shows at least one chart inline.
node --input-type=module - "$tmp/out" "${notebooks[@]}" <<'EOF'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
const [outDir, ...files] = process.argv.slice(2)
let bad = 0
for (const file of files) {
  const nb = JSON.parse(readFileSync(join(outDir, basename(file)), 'utf8'))
  const images = nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.data && ('image/png' in o.data || 'image/svg+xml' in o.data)).length
  if (images === 0) {
    console.error(`notebooks: ${file} ran but shows no chart (no image/png or image/svg+xml output)`)
    bad++
  } else console.error(`notebooks: ${file}: ok, ${images} chart(s)`)
}
process.exit(bad > 0 ? 1 : 0)
EOF
