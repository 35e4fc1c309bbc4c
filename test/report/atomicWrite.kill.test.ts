/**
 * The failure paths of `writeFolderAtomically` (issue 13, the mutation run on
 * `src/report/atomicWrite.ts`): the swap's two renames failing one at a time (made to fail here
 * through a stand-in for `rename`, since a root user's renames do not fail on permissions), a
 * file name outside the folder, and a failure that is not an `Error`. Each must leave the old
 * report in place, no temporary folder behind, and a message naming the folder and the reason.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AmmSimError } from '../../src/errors.js'
import { writeFolderAtomically } from '../../src/report/atomicWrite.js'
import { tempDir } from '../tempDir.js'

/** Which call of `rename` (1 = the first) fails, and with what; 0: none does. */
const failing = vi.hoisted(() => ({ call: 0, calls: 0, error: new Error('unset') }))
/** A write failing with a value that is not an Error (a string), when set. */
const writeFailure = vi.hoisted(() => ({ error: '' }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...real,
    rename: (from: string, to: string) => {
      failing.calls++
      if (failing.calls === failing.call) return Promise.reject(failing.error)
      return real.rename(from, to)
    },
    writeFile: (...args: Parameters<typeof real.writeFile>) =>
      writeFailure.error !== ''
        ? // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test
          Promise.reject(writeFailure.error)
        : real.writeFile(...args),
  }
})

afterEach(() => {
  failing.call = 0
  failing.calls = 0
  failing.error = new Error('unset')
  writeFailure.error = ''
})

/** A report folder `x` holding old.txt in a fresh root. */
function oldReport(): { root: string; dir: string } {
  const root = tempDir('amm-atomic-kill-')
  const dir = path.join(root, 'x')
  mkdirSync(dir)
  writeFileSync(path.join(dir, 'old.txt'), 'old')
  return { root, dir }
}

async function failure(promise: Promise<unknown>): Promise<AmmSimError> {
  try {
    await promise
  } catch (error) {
    return error as AmmSimError
  }
  throw new Error('expected a rejection')
}

const errno = (code: string, message: string) =>
  Object.assign(new Error(`${code}: ${message}`), { code })

describe('writeFolderAtomically when a rename fails', () => {
  it('the old folder cannot be moved aside: REPORT_WRITE "cannot replace", old kept, no temporary', async () => {
    const { root, dir } = oldReport()
    failing.call = 1
    failing.error = errno('EBUSY', 'resource busy or locked')
    const error = await failure(writeFolderAtomically(dir, new Map([['new.txt', 'new']])))
    expect(error.code).toBe('REPORT_WRITE')
    expect(error.message).toBe(
      `REPORT_WRITE: cannot replace ${dir}: EBUSY: resource busy or locked`,
    )
    expect(error.values).toEqual({ dir })
    expect(readdirSync(root)).toEqual(['x'])
    expect(readdirSync(dir)).toEqual(['old.txt'])
  })

  it('the new folder cannot be moved in: the old one is put back, no temporary left', async () => {
    const { root, dir } = oldReport()
    failing.call = 2
    failing.error = errno('EXDEV', 'cross-device link not permitted')
    const error = await failure(writeFolderAtomically(dir, new Map([['new.txt', 'new']])))
    expect(error.code).toBe('REPORT_WRITE')
    expect(error.message).toBe(
      `REPORT_WRITE: cannot move the new report into ${dir}: EXDEV: cross-device link not permitted`,
    )
    expect(error.values).toEqual({ dir })
    expect(readdirSync(root)).toEqual(['x'])
    expect(readFileSync(path.join(dir, 'old.txt'), 'utf8')).toBe('old')
    expect(failing.calls).toBe(3) // aside, in (failed), back
  })

  it('the new folder cannot be moved in where there was none: nothing left at all', async () => {
    const root = tempDir('amm-atomic-kill-')
    const dir = path.join(root, 'x')
    failing.call = 2
    failing.error = errno('EXDEV', 'cross-device link not permitted')
    const error = await failure(writeFolderAtomically(dir, new Map([['new.txt', 'new']])))
    expect(error.code).toBe('REPORT_WRITE')
    expect(readdirSync(root)).toEqual([])
    expect(failing.calls).toBe(2) // the missing folder is not moved aside, nor back
  })

  it('a folder that does not exist yet (ENOENT on the first rename) is simply created', async () => {
    const root = tempDir('amm-atomic-kill-')
    const dir = path.join(root, 'x')
    await writeFolderAtomically(dir, new Map([['a.txt', 'a']]))
    expect(readdirSync(root)).toEqual(['x'])
    expect(readdirSync(dir)).toEqual(['a.txt'])
  })
})

describe('writeFolderAtomically refuses', () => {
  it('a file name that leaves the folder, writing nothing outside it', async () => {
    const { root, dir } = oldReport()
    const error = await failure(writeFolderAtomically(dir, new Map([['../escaped.txt', 'out']])))
    expect(error.code).toBe('REPORT_WRITE')
    expect(error.message).toBe(
      `REPORT_WRITE: cannot write the report in ${dir}: unreachable: report file ../escaped.txt outside the report folder`,
    )
    expect(error.values).toEqual({ dir })
    expect(existsSync(path.join(root, 'escaped.txt'))).toBe(false)
    expect(readdirSync(root)).toEqual(['x'])
    expect(readdirSync(dir)).toEqual(['old.txt'])
  })

  it('a failure that is not an Error is named as text', async () => {
    const { root, dir } = oldReport()
    writeFailure.error = 'disk on fire'
    const error = await failure(writeFolderAtomically(dir, new Map([['a.txt', 'a']])))
    expect(error.message).toBe(`REPORT_WRITE: cannot write the report in ${dir}: disk on fire`)
    expect(readdirSync(root)).toEqual(['x'])
  })
})
