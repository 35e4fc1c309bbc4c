/**
 * Temporary folders for tests, removed when their test file ends: `test/setup.ts` (a vitest
 * setup file, run in every test file's context) registers {@link removeTempDirs} as an
 * `afterAll` hook, so no test leaves a folder behind in the system's temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const created: string[] = []

/**
 * Makes a fresh folder `<tmpdir>/<prefix>XXXXXX`, removed after the test file.
 * @param prefix - start of the folder's name, such as `amm-cli-`
 * @returns the folder's absolute path
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  created.push(dir)
  return dir
}

/** Removes every folder {@link tempDir} made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
}
