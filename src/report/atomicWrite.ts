/**
 * Writing a report folder all at once: every file goes into a hidden temporary sibling, which
 * then replaces the old folder by two renames. A run that fails or is interrupted before the
 * swap leaves the previous report untouched and no half-written file in it.
 */
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { RunError } from '../errors.js'

/** Permissions of the report folder: everyone may read it, as any folder `mkdir` makes. */
const REPORT_FOLDER_MODE = 0o755

/** Options of {@link writeFolderAtomically}. */
export interface AtomicWriteOptions {
  /**
   * Stops the write (Ctrl-C): checked before each file and before the swap. Once the old
   * folder is being replaced (two renames) the swap completes, so `dir` is never left missing.
   */
  signal?: AbortSignal
}

/**
 * Writes `files` as the complete contents of `dir`, replacing whatever was there.
 * Steps: write into `.<name>.tmp-*` beside `dir`; rename the old `dir` aside; rename the new
 * one in; remove the old. If the second rename fails the old folder is put back.
 * @param dir - the report folder (created with its parents if missing)
 * @param files - contents by path relative to `dir` (`charts/value.png`)
 * @param options - an abort signal
 * @throws {RunError} `REPORT_WRITE` naming the folder and the system's reason; `INTERRUPTED`
 *   when `signal` aborts before the swap (the temporary folder is removed, `dir` untouched)
 * @example await writeFolderAtomically('out/eth-usdc-50-50', new Map([['summary.json', text]]))
 */
export async function writeFolderAtomically(
  dir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const parent = path.dirname(path.resolve(dir))
  const name = path.basename(path.resolve(dir))
  const { signal } = options
  const interrupted = () =>
    new RunError('INTERRUPTED', `the report in ${dir} was not written: interrupted`, { dir })
  if (signal?.aborted) throw interrupted()
  let temp: string | undefined
  try {
    await mkdir(parent, { recursive: true })
    temp = await mkdtemp(path.join(parent, `.${name}.tmp-`))
    // mkdtemp creates the folder private (0700); a report is for reading, like any folder
    // mkdir makes (0755 under the usual umask).
    await chmod(temp, REPORT_FOLDER_MODE)
    for (const [relative, contents] of files) {
      if (signal?.aborted) throw interrupted()
      const target = path.join(temp, relative)
      if (!target.startsWith(temp + path.sep))
        throw new Error(`unreachable: report file ${relative} outside the report folder`)
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, contents)
    }
    if (signal?.aborted) throw interrupted()
  } catch (error) {
    // Stryker disable next-line BooleanLiteral: force only matters when the path is missing, and this function made it just before (the temporary folder, or the old one moved aside)
    if (temp !== undefined) await rm(temp, { recursive: true, force: true })
    // Stryker disable next-line ConditionalExpression: the only RunError thrown in the try is interrupted() (the mark also hides `||`, killed by a null failure)
    if (error instanceof RunError && error.code === 'INTERRUPTED') throw error
    throw new RunError('REPORT_WRITE', `cannot write the report in ${dir}: ${reason(error)}`, {
      dir,
    })
  }
  const aside = `${temp}.old`
  let hasOld = true
  try {
    await rename(path.resolve(dir), aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      // Stryker disable next-line BooleanLiteral: force only matters when the path is missing, and this function made it just before (the temporary folder, or the old one moved aside)
      await rm(temp, { recursive: true, force: true })
      throw new RunError('REPORT_WRITE', `cannot replace ${dir}: ${reason(error)}`, { dir })
    }
    hasOld = false
  }
  try {
    await rename(temp, path.resolve(dir))
  } catch (error) {
    if (hasOld) await rename(aside, path.resolve(dir))
    // Stryker disable next-line BooleanLiteral: force only matters when the path is missing, and this function made it just before (the temporary folder, or the old one moved aside)
    await rm(temp, { recursive: true, force: true })
    throw new RunError('REPORT_WRITE', `cannot move the new report into ${dir}: ${reason(error)}`, {
      dir,
    })
  }
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: without an old folder there is no aside and rm with force does nothing; force only matters when the path is missing, and this function made it just before (the temporary folder, or the old one moved aside)
  if (hasOld) await rm(aside, { recursive: true, force: true })
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
