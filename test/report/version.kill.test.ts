/**
 * `packageVersion` (src/report/version.ts): the `version` field of the package's package.json,
 * read here through the working directory (vitest runs from the package root) rather than the
 * module's own URL.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageVersion } from '../../src/report/version.js'

describe('packageVersion', () => {
  it("is package.json's version, a semver string", () => {
    const { version } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      version: string
    }
    expect(packageVersion()).toBe(version)
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/)
  })
})
