import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describePricePath } from '../../../../src/sim/prices/csv/describePricePath.js'
import {
  loadHistoricalPath,
  loadHistoricalSeries,
} from '../../../../src/sim/prices/csv/loadHistoricalPath.js'
import { collectPath, sourceFromPath } from '../../../../src/sim/prices/path.js'
import { alignSeries } from '../../../../src/sim/prices/csv/align.js'

const FIXTURES = join(import.meta.dirname, '../../../fixtures/prices')
const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h) / 1000

describe('loadHistoricalPath', () => {
  it('reads one file per token relative to the scenario folder, the key naming the token (a bare key: prices in the numeraire)', async () => {
    const spec = {
      model: 'csv' as const,
      numeraire: 'USD',
      files: { ETH: 'ETHUSDT-1d-2021-01.csv' },
      price: 'open' as const,
    }
    const path = await loadHistoricalPath(spec, FIXTURES)
    expect(path.tokens).toEqual(['ETH'])
    expect([...path.times]).toEqual([utc(2021, 1, 1), utc(2021, 1, 2), utc(2021, 1, 3)])
    expect([...path.prices]).toEqual([100, 110, 120]) // the open column of the fixture
  })
  it('takes an absolute file name as written, not under the base folder', async () => {
    const spec = { model: 'csv' as const, numeraire: 'USD', file: join(FIXTURES, 'long.csv') }
    const path = await loadHistoricalPath(spec, '/nonexistent-folder')
    expect(path.tokens).toEqual(['ETH', 'BTC'])
    expect([...path.prices]).toEqual([730, 29000, 740, 29200])
  })
  it('refuses files whose ranges never meet', async () => {
    const spec = {
      model: 'csv' as const,
      numeraire: 'USD',
      files: { ETH: 'ETH-USD.csv', LINK: 'LINK-USD.csv' },
    }
    // ETH-USD covers May 2021, LINK-USD November 2025.
    await expect(loadHistoricalPath(spec, FIXTURES)).rejects.toMatchObject({ code: 'NO_OVERLAP' })
  })
  it('reads a wide file, tokens from its columns, with a numeraire column', async () => {
    const spec = {
      model: 'csv' as const,
      numeraire: 'USDC',
      file: 'wide.csv',
      step: 3600,
      maxGap: 3600,
    }
    const path = await loadHistoricalPath(spec, FIXTURES)
    expect(path.tokens).toEqual(['ETH', 'BTC', 'USDC'])
    expect([...path.times]).toEqual([utc(2021, 1, 1, 0), utc(2021, 1, 1, 1), utc(2021, 1, 1, 2)])
    // BTC's empty cell at 01:00 is filled from 00:00; USDC is the unit, so 1.
    expect([...path.prices]).toEqual([730, 29000, 1, 740, 29000, 1, 750, 29500, 1])
    // The same path through the PriceSource interface the engine reads.
    const again = collectPath(sourceFromPath(path))
    expect([...again.prices]).toEqual([...path.prices])
  })
  it('refuses a spec with both file and files', async () => {
    await expect(
      loadHistoricalPath(
        { model: 'csv', numeraire: 'USD', file: 'a.csv', files: { A: 'a.csv' } },
        FIXTURES,
      ),
    ).rejects.toThrow(
      'file: give exactly one of "file" (one file) and "files" (one file per token)',
    )
  })
})

describe('describePricePath', () => {
  it('reports assets, range, median step, gaps and rows', async () => {
    const { series, tokens } = await loadHistoricalSeries(
      { model: 'csv', numeraire: 'USDC', file: 'wide.csv' },
      FIXTURES,
    )
    const path = alignSeries(series, { tokens, numeraire: 'USDC', step: 3600 })
    const d = describePricePath(path, series)
    expect(d.tokens).toEqual(['ETH', 'BTC', 'USDC'])
    expect(d.firstDate).toBe('2021-01-01T00:00:00Z')
    expect(d.lastDate).toBe('2021-01-01T02:00:00Z')
    expect(d.steps).toBe(3)
    expect(d.medianStep).toBe(3600)
    // BTC has 00:00 and 02:00 only: a single spacing is its own median, so no gap is flagged.
    expect(d.gapCount).toBe(0)
    expect(d.rowsRead).toBe(3) // one file, counted once although it gave three series
    expect(d.rowsSkipped).toBe(1) // BTC's empty cell
    expect(d.files).toEqual([
      { file: join(FIXTURES, 'wide.csv'), format: 'wide', rows: 3, skipped: 1 },
    ])
  })
  it('flags a spacing above 1.5 x the median as a gap and names the largest', () => {
    const times = Float64Array.from(
      [0, 60, 120, 180, 600, 660, 720, 900, 980],
      (t) => t + 1_609_459_200,
    )
    const s = {
      symbol: 'ETH/USD',
      times,
      prices: new Float64Array(times.length).fill(1),
      source: { file: 'eth.csv', format: 'ohlc' as const, rows: 9, skipped: [] },
    }
    const d = describePricePath({ tokens: ['ETH'], numeraire: 'USD', times, prices: s.prices }, [s])
    expect(d.gapCount).toBe(2) // 420 s and 180 s against a 60 s median (limit 90 s); 80 s is not a gap
    expect(d.largestGap).toEqual({
      symbol: 'ETH/USD',
      file: 'eth.csv',
      start: 1_609_459_380,
      end: 1_609_459_800,
      seconds: 420,
    })
  })
})
