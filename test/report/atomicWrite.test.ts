import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFolderAtomically } from '../../src/report/atomicWrite.js'
import { tempDir } from '../tempDir.js'

describe('writeFolderAtomically', () => {
  it('creates the folder, then replaces it whole (old files gone)', async () => {
    const root = tempDir('amm-atomic-')
    const dir = path.join(root, 'out', 'x')
    await writeFolderAtomically(
      dir,
      new Map<string, string | Uint8Array>([
        ['a.txt', 'one'],
        ['charts/b.png', new Uint8Array([1, 2])],
      ]),
    )
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('one')
    expect([...readFileSync(path.join(dir, 'charts/b.png'))]).toEqual([1, 2])
    await writeFolderAtomically(dir, new Map([['a.txt', 'two']]))
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('two')
    expect(existsSync(path.join(dir, 'charts'))).toBe(false)
    expect(readdirSync(path.join(root, 'out'))).toEqual(['x']) // no temporary left behind
  })

  it('leaves the previous report intact when writing fails, and no temporary folder', async () => {
    const root = tempDir('amm-atomic-')
    const dir = path.join(root, 'x')
    await writeFolderAtomically(dir, new Map([['summary.json', '{"old":true}\n']]))
    // 'a' is a file, so 'a/b' cannot be created: the write fails after the first file
    const failing = new Map([
      ['summary.json', 'new'],
      ['a', 'file'],
      ['a/b', 'under a file'],
    ])
    await expect(writeFolderAtomically(dir, failing)).rejects.toThrow(
      expect.objectContaining({
        code: 'REPORT_WRITE',
        message: expect.stringMatching(/^REPORT_WRITE: cannot write the report in /) as unknown,
      }),
    )
    expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe('{"old":true}\n')
    expect(readdirSync(root)).toEqual(['x'])
  })

  it('stops on an aborted signal mid-write: INTERRUPTED, old report kept, no temporary', async () => {
    const root = tempDir('amm-atomic-')
    const dir = path.join(root, 'x')
    await writeFolderAtomically(dir, new Map([['summary.json', '{"old":true}\n']]))
    const controller = new AbortController()
    // Ctrl-C arrives while the temporary folder holds the first file: the iteration aborts
    // the signal after handing out that entry, so the check before the second file sees it.
    class AbortingMap extends Map<string, string> {
      override *[Symbol.iterator](): MapIterator<[string, string]> {
        let isFirst = true
        for (const entry of super[Symbol.iterator]()) {
          yield entry
          if (isFirst) controller.abort()
          isFirst = false
        }
      }
    }
    const files = new AbortingMap([
      ['summary.json', 'new'],
      ['timeseries.csv', 'new'],
    ])
    await expect(writeFolderAtomically(dir, files, { signal: controller.signal })).rejects.toThrow(
      expect.objectContaining({
        code: 'INTERRUPTED',
        message: `INTERRUPTED: the report in ${dir} was not written: interrupted`,
      }),
    )
    expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe('{"old":true}\n')
    expect(readdirSync(root)).toEqual(['x'])
    // an already aborted signal refuses before making anything
    await expect(
      writeFolderAtomically(path.join(root, 'y'), new Map([['a', 'b']]), {
        signal: controller.signal,
      }),
    ).rejects.toThrow(expect.objectContaining({ code: 'INTERRUPTED' }))
    expect(readdirSync(root)).toEqual(['x'])
  })

  it.skipIf(process.platform === 'win32')('leaves a folder others may read (0755)', async () => {
    // The temporary folder comes from mkdtemp, which makes it 0700; the report must not stay so.
    const dir = path.join(tempDir('amm-sim-mode-'), 'report')
    await writeFolderAtomically(dir, new Map([['summary.json', '{}']]))
    expect(statSync(dir).mode & 0o777).toBe(0o755)
  })

  it('fails with REPORT_WRITE when the parent is a file', async () => {
    const root = tempDir('amm-atomic-')
    writeFileSync(path.join(root, 'blocker'), '')
    await expect(
      writeFolderAtomically(path.join(root, 'blocker', 'x'), new Map([['a', 'b']])),
    ).rejects.toThrow(expect.objectContaining({ code: 'REPORT_WRITE' }))
  })
})
