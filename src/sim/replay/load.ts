/**
 * The replay's file reader: the manifest, then its event tables and snapshot file (paths
 * relative to the manifest), parsed by `./importers.ts`. The only replay code that touches the
 * file system.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError } from '../../errors.js'
import { parseEventTable, parseSnapshotTable } from './importers.js'
import type { EventRow, SnapshotRow } from './importers.js'
import { validateReplayManifest } from './manifest.js'
import type { ReplayInput } from './replay.js'

async function readText(file: string, shown: string, jsonPath?: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new InputError(
      'FILE_NOT_FOUND',
      { file: shown, ...(jsonPath ? { path: jsonPath } : {}) },
      code === 'ENOENT'
        ? `no such file (a relative path in a manifest is read from the manifest's folder)`
        : `cannot be read (${code ?? (error as Error).message})`,
    )
  }
}

/** A path written in a manifest: relative to the manifest's folder, or absolute as written. */
function besideManifest(base: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(base, file)
}

/**
 * Reads a replay manifest and every file it names.
 * @param manifestFile - path of the manifest JSON (as the user typed it; used in messages)
 * @returns the validated manifest, the event rows (files in manifest order) and the snapshots
 * @throws {InputError} `FILE_NOT_FOUND`, `JSON_SYNTAX`, `MANIFEST_INVALID`, `MISSING_COLUMN`,
 *   `BAD_ROW`, `UNKNOWN_TOKEN`, `FILE_EMPTY`
 * @example const input = await loadReplayInput('examples/replay/v2-d2d-usdc.json')
 */
export async function loadReplayInput(manifestFile: string): Promise<ReplayInput> {
  const manifest = validateReplayManifest(await readText(manifestFile, manifestFile), manifestFile)
  const base = path.dirname(manifestFile)
  const addresses = manifest.tokens.map((t) => t.address)
  const rows: EventRow[] = []
  for (const [i, spec] of manifest.events.entries()) {
    const shown = besideManifest(base, spec.file)
    const text = await readText(shown, shown, `events[${i}].file`)
    for (const row of parseEventTable(text, {
      file: shown,
      format: spec.format,
      table: spec.table,
      addresses,
      ...(spec.columns ? { columns: spec.columns } : {}),
    }))
      rows.push(row)
  }
  let snapshots: SnapshotRow[] | null = null
  if (manifest.snapshots) {
    const shown = besideManifest(base, manifest.snapshots.file)
    const text = await readText(shown, shown, 'snapshots.file')
    snapshots = parseSnapshotTable(text, {
      file: shown,
      addresses,
      ...(manifest.snapshots.columns ? { columns: manifest.snapshots.columns } : {}),
    })
  }
  return { manifest, rows, snapshots }
}
