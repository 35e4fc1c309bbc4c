import { describe, expect, it } from 'vitest'
import { validateScenario } from '../../../src/sim/scenario/validate.js'
import {
  DIFFERENCE_COLUMNS,
  differencesTable,
  pairedDifference,
} from '../../../src/sim/sweep/differences.js'
import { referenceCells } from '../../../src/sim/sweep/grid.js'
import { sweepLayout } from '../../../src/sim/sweep/tables.js'
import type { TaskRow } from '../../../src/sim/sweep/tables.js'

/** Φ⁻¹(0.975) written out here, not imported: the test's own constant. */
const Z = 1.959963984540054

/** The paired statistics by the textbook formulas, one loop each: the oracle. */
function direct(x: number[], r: number[]) {
  const d = x.map((v, i) => v - r[i]!)
  const n = d.length
  let sum = 0
  for (const v of d) sum += v
  const mean = sum / n
  let squares = 0
  for (const v of d) squares += (v - mean) ** 2
  const sd = Math.sqrt(squares / (n - 1))
  return {
    mean,
    sd,
    low: mean - (Z * sd) / Math.sqrt(n),
    high: mean + (Z * sd) / Math.sqrt(n),
    higher: x.filter((v, i) => v > r[i]!).length / n,
    lower: x.filter((v, i) => v < r[i]!).length / n,
  }
}

function scenario(extra: Record<string, unknown>) {
  return validateScenario(
    {
      name: 'diff',
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2500 },
        volatility: { ETH: 0.7 },
        dt: '1d',
        horizon: '10d',
      },
      benchmarks: [{ type: 'hodl' }],
      commonPaths: true,
      ...extra,
    },
    'diff.json',
  )
}

describe('pairedDifference', () => {
  it('matches the textbook paired statistics on a hand-made table, ties counted in neither share', () => {
    const x = [1.5, 2.25, -0.5, 4, 3, 3.5]
    const r = [1, 2.5, -0.75, 1, 3, 2]
    const want = direct(x, r)
    const got = pairedDifference(x, r)
    // mathjs sums in another order than the loop above: equal to a few ulps, not bitwise
    expect(got.paths).toBe(6)
    expect(got.meanDifference).toBeCloseTo(want.mean, 14)
    expect(got.standardDeviation).toBeCloseTo(want.sd, 14)
    expect(got.ciLow).toBeCloseTo(want.low, 14)
    expect(got.ciHigh).toBeCloseTo(want.high, 14)
    expect(got.shareHigher).toBe(4 / 6) // 1.5>1, -0.5>-0.75, 4>1, 3.5>2
    expect(got.shareLower).toBe(1 / 6) // 2.25<2.5; 3 = 3 is a tie
    // hand values: d = 0.5, -0.25, 0.25, 3, 0, 1.5, mean 5/6
    expect(got.meanDifference).toBeCloseTo(5 / 6, 14)
  })

  it('pairs path p with path p and leaves out a path missing on either side', () => {
    const got = pairedDifference([1, null, 3, 7], [0, 5, null, 4])
    const want = direct([1, 7], [0, 4])
    expect(got.paths).toBe(2)
    expect(got.meanDifference).toBeCloseTo(want.mean, 14)
    expect(got.standardDeviation).toBeCloseTo(want.sd, 14)
    expect(pairedDifference([1], [0])).toMatchObject({
      paths: 1,
      meanDifference: 1,
      standardDeviation: null,
      ciLow: null,
    })
    expect(pairedDifference([null], [0])).toMatchObject({ paths: 0, shareHigher: null })
  })
})

describe('referenceCells', () => {
  const grid = {
    sweep: {
      'pool.swapFee': [0.0005, 0.003, 0.01],
      'pool.weights': [
        [0.5, 0.5],
        [0.8, 0.2],
      ],
    },
  }
  it('is cell 0 without compareTo', () => {
    expect(referenceCells(scenario(grid))).toEqual([0, 0, 0, 0, 0, 0])
  })
  it('fixes the named fields and keeps the cell’s own value of the others', () => {
    // cells: (fee 0, w 0) (fee 0, w 1) (fee 1, w 0) (fee 1, w 1) (fee 2, w 0) (fee 2, w 1)
    expect(referenceCells(scenario({ ...grid, compareTo: { 'pool.swapFee': 0.003 } }))).toEqual([
      2, 3, 2, 3, 2, 3,
    ])
    expect(
      referenceCells(
        scenario({ ...grid, compareTo: { 'pool.swapFee': 0.01, 'pool.weights': [0.8, 0.2] } }),
      ),
    ).toEqual([5, 5, 5, 5, 5, 5])
  })
  it('matches object values whatever their key order, through a zip group', () => {
    const rule = { type: 'volatility', base: 0.0005, slope: 0.005, min: 0.0005, max: 0.01 }
    const s = scenario({
      sweep: {
        'pool.swapFee': [0.0005, 0.003],
        'pool.swapFeeRule': [{ type: 'fixed' }, rule],
        zip: [['pool.swapFee', 'pool.swapFeeRule']],
      },
      compareTo: {
        'pool.swapFeeRule': {
          max: 0.01,
          min: 0.0005,
          slope: 0.005,
          base: 0.0005,
          type: 'volatility',
        },
      },
    })
    expect(referenceCells(s)).toEqual([1, 1])
  })
})

describe('differencesTable', () => {
  it('lists every cell but its own reference, with the paired statistics of each metric', () => {
    const s = scenario({
      sweep: { 'pool.swapFee': [0.001, 0.003, 0.01] },
      compareTo: { 'pool.swapFee': 0.003 },
      paths: 4,
    })
    const layout = sweepLayout(s, 4)
    const lp = layout.figures.indexOf('lpValue')
    const hodl = layout.figures.indexOf('hodl.value')
    // lpValue per (cell, path); the hodl value is 100 on every path of every cell
    const lpValues = [
      [101, 99, 103, 98],
      [102, 100, 102, 101],
      [104, 97, 106, 99],
    ]
    const rows: TaskRow[] = []
    lpValues.forEach((values, cell) => {
      values.forEach((v, path) => {
        const figures: (number | null)[] = layout.figures.map(() => 1)
        figures[lp] = v
        figures[hodl] = 100
        rows.push({ task: cell * 4 + path, cell, path, seed: path, figures, error: null })
      })
    })
    // path by path across cells: the pairing is by path, not by position in the rows
    const shuffled = [...rows].sort((a, b) => a.path - b.path || b.cell - a.cell)
    const table = differencesTable(s, layout, shuffled)
    expect(table.columns).toEqual([
      'cell',
      'pool.swapFee',
      'referenceCell',
      'metric',
      ...DIFFERENCE_COLUMNS,
    ])
    const col = (name: string) => table.data[table.columns.indexOf(name)]!
    const at = (cell: number, metric: string) =>
      col('metric').findIndex((m, r) => m === metric && col('cell')[r] === cell)
    expect([...new Set(col('cell'))]).toEqual([0, 2])
    expect(new Set(col('referenceCell'))).toEqual(new Set([1]))
    for (const cell of [0, 2]) {
      const want = direct(lpValues[cell]!, lpValues[1]!)
      const r = at(cell, 'lpValue')
      expect(col('paths')[r]).toBe(4)
      expect(col('meanDifference')[r]).toBeCloseTo(want.mean, 12)
      expect(col('standardDeviation')[r]).toBeCloseTo(want.sd, 12)
      expect(col('ciLow')[r]).toBeCloseTo(want.low, 12)
      expect(col('ciHigh')[r]).toBeCloseTo(want.high, 12)
      expect(col('shareHigher')[r]).toBe(want.higher)
      expect(col('shareLower')[r]).toBe(want.lower)
      // lpBeats.hodl: 1 where lpValue > 100; the difference of two indicators
      const beats = (v: number[]) => v.map((x) => (x > 100 ? 1 : 0))
      const b = at(cell, 'lpBeats.hodl')
      expect(col('meanDifference')[b]).toBeCloseTo(
        direct(beats(lpValues[cell]!), beats(lpValues[1]!)).mean,
        14,
      )
      expect(col('meanDifference')[at(cell, 'hodl.value')]).toBe(0)
    }
  })
})
