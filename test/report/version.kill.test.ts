/**
 * `packageVersion` (src/report/version.ts): the `version` field of the package's package.json,
 * read here through the working directory (vitest runs from the package root) rather than the
 * module's own URL; and its guard, seen by handing it a package.json without a string version
 * (`readFileSync` passes through to node:fs but for that one call).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { packageVersion } from '../../src/report/version.js'

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  return { ...real, readFileSync: vi.fn(real.readFileSync) }
})

describe('packageVersion', () => {
  it("is package.json's version, a semver string", () => {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      version: string
    }
    expect(packageVersion()).toBe(version)
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/)
  })
  it('throws when package.json has no version string', () => {
    for (const text of ['{"version": 1}', '{}']) {
      vi.mocked(readFileSync).mockReturnValueOnce(text)
      expect(() => packageVersion()).toThrow(new Error('unreachable: package.json has no version'))
    }
  })
})
