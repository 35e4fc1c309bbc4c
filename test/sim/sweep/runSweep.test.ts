import { describe, expect, it } from 'vitest'
import { validateScenario } from '../../../src/sim/scenario/validate.js'
import type { LoadedScenario } from '../../../src/sim/scenario/load.js'
import { runScenario } from '../../../src/sim/scenario/run.js'
import { runSweep, shardTasks } from '../../../src/sim/sweep/runSweep.js'
import type { SweepTable } from '../../../src/sim/sweep/tables.js'

const SIGMA = 0.8
const V0 = 1_000_000
const WEIGHTS = [0.5, 0.8]

/** A fee-free GBM pool (zero drift: the price is a martingale) over one year of daily steps. */
function loaded(extra: Record<string, unknown>): LoadedScenario {
  const raw = {
    name: 'oracle',
    seed: 11,
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0, initialValue: V0 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2000 },
      volatility: { ETH: SIGMA },
      dt: '1d',
      horizon: '365d',
    },
    benchmarks: [{ type: 'hodl' }],
    ...extra,
  }
  return { scenario: validateScenario(raw, 'oracle.json'), file: 'oracle.json', baseDir: '/' }
}

/** The cells table's statistic for (cell, metric). */
function stat(table: SweepTable, cell: number, metric: string, key: string): number {
  const col = (name: string) => table.data[table.columns.indexOf(name)]!
  const r = col('metric').findIndex((m, i) => m === metric && col('cell')[i] === cell)
  return col(key)[r] as number
}

/**
 * E[r^w / (w r + 1 - w)] - 1 for ln r ~ N(-s²/2, s²), s = sigma·sqrt(T): the fee-free IL of a
 * static pool at the end of a zero-drift GBM, integrated over the normal density by the
 * trapezoid rule on [-12, 12] standard deviations (error far below the Monte Carlo error).
 */
function expectedIl(w: number, s: number): number {
  const n = 24_000
  const h = 24 / n
  let sum = 0
  for (let i = 0; i <= n; i++) {
    const z = -12 + i * h
    const r = Math.exp(-0.5 * s * s + s * z)
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)
    sum += (i === 0 || i === n ? 0.5 : 1) * density * (r ** w / (w * r + 1 - w))
  }
  return sum * h - 1
}

describe('runSweep', () => {
  it('covers the closed-form LVR and IL with its 95 % intervals (fee 0, zero drift)', async () => {
    // E[LVR_T] = V0 (1 - exp(-w(1-w) sigma² T / 2)): LVR's rate sigma²/2 w(1-w) V_t (Milionis
    // et al. 2022) integrated against E[V_t] = V0 exp(-w(1-w) sigma² t / 2). With fixed seeds the
    // test is deterministic; on a fresh seed each of the 4 checks would miss with probability 5 %.
    const result = await runSweep(
      loaded({ sweep: { 'pool.weights': WEIGHTS.map((w) => [w, 1 - w]) }, paths: 400 }),
    )
    const cells = result.tables.cells!
    WEIGHTS.forEach((w, cell) => {
      const lvr = V0 * (1 - Math.exp((-w * (1 - w) * SIGMA * SIGMA) / 2))
      expect(stat(cells, cell, 'lvr', 'ciLow')).toBeLessThan(lvr)
      expect(stat(cells, cell, 'lvr', 'ciHigh')).toBeGreaterThan(lvr)
      const il = expectedIl(w, SIGMA)
      expect(stat(cells, cell, 'impermanentLoss', 'ciLow')).toBeLessThan(il)
      expect(stat(cells, cell, 'impermanentLoss', 'ciHigh')).toBeGreaterThan(il)
      expect(stat(cells, cell, 'lvr', 'paths')).toBe(400)
      // The divergence loss (S - H) / V0 of a fee-free static pool: E[S] / V0 = E[prod R^w] =
      // exp(-w(1-w) sigma² T / 2) for the zero-drift GBM, E[H] / V0 = 1: the same closed form
      // as E[LVR] / V0 with the sign turned (one more 5 % check).
      const divergence = Math.exp((-w * (1 - w) * SIGMA * SIGMA) / 2) - 1
      expect(stat(cells, cell, 'returnDecomposition.divergenceLoss', 'ciLow')).toBeLessThan(
        divergence,
      )
      expect(stat(cells, cell, 'returnDecomposition.divergenceLoss', 'ciHigh')).toBeGreaterThan(
        divergence,
      )
    })
  })

  it('gives each (cell, path) the row a lone run of it gives', async () => {
    const sweep = loaded({ sweep: { 'pool.swapFee': [0.001, 0.003] }, paths: 3 })
    const result = await runSweep(sweep)
    const { paths } = result.tables
    const row = 5 // cell 1, path 2
    expect(paths.data[0]![row]).toBe(1)
    expect(paths.data[1]![row]).toBe(2)
    const alone = await runScenario(sweep, { cell: 1, path: 2 })
    const col = (name: string) => paths.data[paths.columns.indexOf(name)]![row]
    expect(col('seed')).toBe(alone.seed)
    expect(col('lpValue')).toBe(alone.result.metrics.lpValue)
    expect(col('lvr')).toBe(alone.result.metrics.lvr)
    expect(col('hodl.value')).toBe(alone.result.benchmarks.hodl!.value)
    const m = alone.result.metrics
    expect(col('risk.sharpeRatio')).toBe(m.risk.sharpeRatio)
    expect(col('risk.expectedShortfall')).toBe(m.risk.expectedShortfall)
    expect(col('returnDecomposition.fees')).toBe(m.returnDecomposition.fees)
    expect(col('returnDecomposition.weightRule')).toBe(0)
  })

  it('has no fee-rule or competition columns when no cell has a rule or competing arbitrageurs', async () => {
    const { paths } = (await runSweep(loaded({ sweep: { 'pool.swapFee': [0.001] } }))).tables
    expect(paths.columns.filter((c) => /swapFee\.|priorityFees|arbitrageurs\[/.test(c))).toEqual([])
  })

  it("carries a fee rule's fee and the competition's figures, each row the lone run's", async () => {
    // Cell 0: one arbitrageur, fixed fee (no competition, no rule: nulls there); cell 1: two
    // arbitrageurs in a priority auction and a volatility fee rule. The columns are the union.
    const arbs = (n: number) =>
      Array.from({ length: n }, (_, j) => ({ type: 'arbitrageur', gasCost: 2 + j }))
    const sweep = loaded({
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003, initialValue: V0 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2000 },
        volatility: { ETH: SIGMA },
        dt: '1h',
        horizon: '10d',
      },
      agents: arbs(1),
      sweep: {
        zip: [['agents', 'pool.swapFeeRule', 'arbitrage']],
        agents: [arbs(1), arbs(2)],
        'pool.swapFeeRule': [
          { type: 'fixed' },
          { type: 'volatility', base: 0.0005, slope: 0.01, everySteps: 1 },
        ],
        arbitrage: [{ competition: 'winner-keeps' }, { competition: 'priority-auction' }],
      },
      paths: 2,
    })
    const { paths } = (await runSweep(sweep)).tables
    const extra = paths.columns.filter((c) => /^swapFee\.|priorityFees|arbitrageurs\[/.test(c))
    expect(extra).toEqual([
      'swapFee.mean',
      'swapFee.min',
      'swapFee.max',
      'priorityFees',
      ...[0, 1].flatMap((j) =>
        ['blocksWon', 'profit', 'gasPaid', 'externalFees', 'priorityFees'].map(
          (f) => `arbitrageurs[${j}].${f}`,
        ),
      ),
    ])
    for (const [cell, path, row] of [
      [0, 1, 1],
      [1, 1, 3],
    ] as const) {
      const col = (name: string) => paths.data[paths.columns.indexOf(name)]![row]
      expect([col('cell'), col('path')]).toEqual([cell, path])
      const m = (await runScenario(sweep, { cell, path })).result.metrics
      expect(col('swapFee.mean')).toBe(m.swapFee?.mean ?? null)
      expect(col('swapFee.max')).toBe(m.swapFee?.max ?? null)
      expect(col('priorityFees')).toBe(m.priorityFees ?? null)
      for (const j of [0, 1])
        for (const f of ['blocksWon', 'profit', 'priorityFees'] as const)
          expect(col(`arbitrageurs[${j}].${f}`), `${cell} ${j} ${f}`).toBe(
            m.arbitrageurs?.[j]?.[f] ?? null,
          )
    }
    // the auction cell: the builder's take is the bidders' priority fees, and someone paid
    const at = (name: string) => paths.data[paths.columns.indexOf(name)]![3] as number
    expect(at('priorityFees')).toBeGreaterThan(0)
    expect(at('priorityFees')).toBeCloseTo(
      at('arbitrageurs[0].priorityFees') + at('arbitrageurs[1].priorityFees'),
      6,
    )
    expect(at('swapFee.min')).toBeLessThanOrEqual(at('swapFee.mean'))
    expect(at('swapFee.mean')).toBeLessThanOrEqual(at('swapFee.max'))
  })

  it("carries the dynamic fee's decomposition terms into paths.csv, a rule cell and a fixed one", async () => {
    const sweep = loaded({
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003, initialValue: V0 },
      agents: [{ type: 'arbitrageur' }],
      sweep: {
        'pool.swapFeeRule': [
          { type: 'fixed' },
          { type: 'volatility', base: 0.0005, slope: 0.01, everySteps: 1 },
        ],
      },
      paths: 2,
    })
    const { paths } = (await runSweep(sweep)).tables
    const col = (name: string, row: number) => {
      const index = paths.columns.indexOf(name)
      expect(index, name).toBeGreaterThanOrEqual(0)
      return paths.data[index]![row]
    }
    for (const [row, cell, path] of [
      [1, 0, 1],
      [3, 1, 1],
    ] as const) {
      const d = (await runScenario(sweep, { cell, path })).result.metrics.returnDecomposition
      expect(col('returnDecomposition.fees', row)).toBe(d.fees)
      expect(col('returnDecomposition.feesAtFixedFee', row)).toBe(d.feesAtFixedFee)
      expect(col('returnDecomposition.dynamicFee', row)).toBe(d.dynamicFee)
      expect(col('returnDecomposition.fixedFee.lpReturn', row)).toBe(d.fixedFee.lpReturn)
    }
    // the fixed cell is its own fixed-fee run; the rule cell's split is not trivial
    expect(col('returnDecomposition.dynamicFee', 1)).toBe(0)
    expect(col('returnDecomposition.feesAtFixedFee', 1)).toBe(col('returnDecomposition.fees', 1))
    expect(col('returnDecomposition.dynamicFee', 3)).not.toBe(0)
  })

  it('keeps the other rows when a task throws, and names it', async () => {
    // A price overflow is refused by validation now; a momentum schedule of strength 100 passes
    // it and drains the pool within the year of hourly steps: the engine's NON_FINITE
    const result = await runSweep(
      loaded({
        prices: {
          numeraire: 'USDC',
          model: 'gbm',
          start: { ETH: 2000 },
          volatility: { ETH: SIGMA },
          dt: '1h',
          horizon: '365d',
        },
        sweep: {
          'pool.schedule': [
            { type: 'static' },
            { type: 'momentum', everySteps: 1, lookbackSteps: 1, strength: 100 },
          ],
        },
        paths: 2,
      }),
    )
    expect(result.failures.map((f) => [f.cell, f.path])).toEqual([
      [1, 0],
      [1, 1],
    ])
    expect(result.failures[0]!.error).toMatch(
      /^NON_FINITE: .* became non-finite at step \d+ .*the momentum weight schedule \(strength 100, everySteps 1, lookbackSteps 1\) drove it there$/,
    )
    expect(result.rows.slice(0, 2).every((r) => r.error === null && r.figures !== null)).toBe(true)
  })

  it('splits tasks into disjoint shards that cover every task', () => {
    const shards = [1, 2, 3].map((index) => shardTasks(10, { index, count: 3 }))
    expect(shards).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ])
  })
})
