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
const failing = vi.hoisted(() => ({
  call: 0,
  calls: 0,
  error: new Error('unset'),
  renames: [] as [string, string][],
}))
/** A write failing with a value that is not an Error (a string or null), when set; writes counted. */
const writeFailure = vi.hoisted(() => {
  const state: { isSet: boolean; error: string | null; writes: number } = {
    isSet: false,
    error: '',
    writes: 0,
  }
  return state
})
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...real,
    rename: (from: string, to: string) => {
      failing.calls++
      failing.renames.push([from, to])
      if (failing.calls === failing.call) return Promise.reject(failing.error)
      return real.rename(from, to)
    },
    writeFile: (...args: Parameters<typeof real.writeFile>) => {
      writeFailure.writes++
      return writeFailure.isSet
        ? // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test
          Promise.reject(writeFailure.error)
        : real.writeFile(...args)
    },
  }
})

afterEach(() => {
  failing.call = 0
  failing.calls = 0
  failing.error = new Error('unset')
  failing.renames = []
  writeFailure.isSet = false
  writeFailure.error = ''
  writeFailure.writes = 0
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
    writeFailure.isSet = true
    writeFailure.error = 'disk on fire'
    const error = await failure(writeFolderAtomically(dir, new Map([['a.txt', 'a']])))
    expect(error.message).toBe(`REPORT_WRITE: cannot write the report in ${dir}: disk on fire`)
    expect(readdirSync(root)).toEqual(['x'])
    writeFailure.error = null
    const nothing = await failure(writeFolderAtomically(dir, new Map([['a.txt', 'a']])))
    expect(nothing.message).toBe(`REPORT_WRITE: cannot write the report in ${dir}: null`)
    expect(readdirSync(root)).toEqual(['x'])
  })
})

describe('writeFolderAtomically: where and when', () => {
  it('writes into a hidden .<name>.tmp-* sibling, moves the old folder beside it, then swaps', async () => {
    const { root, dir } = oldReport()
    await writeFolderAtomically(dir, new Map([['new.txt', 'new']]))
    expect(failing.renames).toHaveLength(2)
    const [[from1, to1], [from2, to2]] = failing.renames as [[string, string], [string, string]]
    expect([from1, to2]).toEqual([dir, dir])
    expect(path.dirname(from2)).toBe(root)
    expect(path.basename(from2)).toMatch(/^\.x\.tmp-.+$/)
    expect(to1).toBe(`${from2}.old`)
    expect(readdirSync(root)).toEqual(['x'])
    expect(readdirSync(dir)).toEqual(['new.txt'])
  })

  it('an aborted signal makes nothing, not even the missing parent folder', async () => {
    const root = tempDir('amm-atomic-kill-')
    const controller = new AbortController()
    controller.abort()
    const error = await failure(
      writeFolderAtomically(path.join(root, 'parent', 'x'), new Map([['a', 'b']]), {
        signal: controller.signal,
      }),
    )
    expect(error.code).toBe('INTERRUPTED')
    expect(error.values).toEqual({ dir: path.join(root, 'parent', 'x') })
    expect(readdirSync(root)).toEqual([])
  })

  /** Files whose iteration aborts `controller` right after handing out entry `at` (0-based). */
  function abortingFiles(controller: AbortController, at: number, count: number) {
    class AbortingMap extends Map<string, string> {
      override *[Symbol.iterator](): MapIterator<[string, string]> {
        let index = 0
        for (const entry of super[Symbol.iterator]()) {
          yield entry
          if (index === at) controller.abort()
          index++
        }
      }
    }
    return new AbortingMap(Array.from({ length: count }, (_, i) => [`f${i}.txt`, `${i}`]))
  }

  it('an abort while writing stops before the next file', async () => {
    const { root, dir } = oldReport()
    const controller = new AbortController()
    const error = await failure(
      writeFolderAtomically(dir, abortingFiles(controller, 0, 3), { signal: controller.signal }),
    )
    expect(error.code).toBe('INTERRUPTED')
    expect(writeFailure.writes).toBe(1)
    expect(readdirSync(root)).toEqual(['x'])
    expect(readdirSync(dir)).toEqual(['old.txt'])
  })

  it('an abort after the last file still stops before the swap', async () => {
    const { root, dir } = oldReport()
    const controller = new AbortController()
    // the abort comes as the loop ends: the last check is the one before the swap
    const files = abortingFiles(controller, 1, 2)
    const error = await failure(writeFolderAtomically(dir, files, { signal: controller.signal }))
    expect(error.code).toBe('INTERRUPTED')
    expect(writeFailure.writes).toBe(2)
    expect(failing.renames).toEqual([])
    expect(readdirSync(root)).toEqual(['x'])
    expect(readdirSync(dir)).toEqual(['old.txt'])
  })
})
