/**
 * `writePricePathCsv` in process (issue 13, the mutation run on `src/report/pricePathCsv.ts`;
 * before, only `amm-sim import --out` reached it): the file holds the wide CSV, written through a
 * temporary sibling that never stays behind, and a failure names the file and the reason.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AmmSimError } from '../../src/errors.js'
import { writePricePathCsv } from '../../src/report/pricePathCsv.js'
import type { PricePath } from '../../src/sim/prices/types.js'
import { tempDir } from '../tempDir.js'

/** ETH and BTC in USD at two hourly steps, prices row-major step by token. */
const path2: PricePath = {
  tokens: ['ETH', 'BTC'],
  numeraire: 'USD',
  times: new Float64Array([1_735_689_600, 1_735_693_200]),
  prices: new Float64Array([2000.5, 60000, 1999.25, 60123.125]),
}

async function failure(promise: Promise<unknown>): Promise<AmmSimError> {
  try {
    await promise
  } catch (error) {
    return error as AmmSimError
  }
  throw new Error('expected a rejection')
}

describe('writePricePathCsv', () => {
  it('writes the wide CSV, replacing an old file, and leaves no temporary file', async () => {
    const dir = tempDir('amm-price-csv-')
    const file = path.join(dir, 'path.csv')
    await writePricePathCsv(path2, file)
    await writePricePathCsv(path2, file)
    expect(readFileSync(file, 'utf8')).toBe(
      'time,ETH,BTC\n2025-01-01T00:00:00Z,2000.5,60000\n2025-01-01T01:00:00Z,1999.25,60123.125\n',
    )
    expect(readdirSync(dir)).toEqual(['path.csv'])
  })

  it('a folder in the way: REPORT_WRITE naming the file and the reason, the temporary removed', async () => {
    const dir = tempDir('amm-price-csv-')
    const file = path.join(dir, 'taken')
    mkdirSync(file)
    const error = await failure(writePricePathCsv(path2, file))
    expect(error.code).toBe('REPORT_WRITE')
    expect(error.message).toMatch(new RegExp(`^REPORT_WRITE: cannot write ${file}: E[A-Z]+: `))
    expect(error.values).toEqual({ file })
    expect(readdirSync(dir)).toEqual(['taken'])
  })

  it('a missing folder: the system message with the temporary file it could not open', async () => {
    const dir = tempDir('amm-price-csv-')
    const file = path.join(dir, 'missing', 'path.csv')
    const error = await failure(writePricePathCsv(path2, file))
    expect(error.message).toBe(
      `REPORT_WRITE: cannot write ${file}: ENOENT: no such file or directory, open '${file}.tmp-${process.pid}'`,
    )
    expect(existsSync(path.join(dir, 'missing'))).toBe(false)
  })
})
