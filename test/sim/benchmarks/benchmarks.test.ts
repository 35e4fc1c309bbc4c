import { describe, expect, it } from 'vitest'
import { compileBenchmarks, rebalanceHoldings } from '../../../src/sim/benchmarks/benchmarks.js'
import { runSimulation } from '../../../src/sim/engine/runSimulation.js'
import { gbmSource, handSource } from '../engine/testPaths.js'

describe('benchmarks on the same path', () => {
  it('constant-mix equals V0 * prod_t sum_i w_i p_i(t+1) / p_i(t); hodl equals sum_i B_i(0) p_i(T)', () => {
    for (const weights of [
      [0.1, 0.2, 0.3, 0.4],
      [0.7, 0.3],
    ]) {
      const n = weights.length
      const source = gbmSource({ tokens: n, steps: 2_000, dt: 3_600, sigma: 0.9, seed: 21 })
      const result = runSimulation({
        pool: { weights, swapFee: 0.003, initialValue: 1e6 },
        prices: source,
        agents: [{ type: 'arbitrageur' }],
        benchmarks: [{ type: 'hodl' }, { type: 'constant-mix', name: 'rebalanced' }],
        seed: 1,
      })
      const prices = new Float64Array(2_000 * n)
      source.open().next(prices, new Float64Array(2_000))
      let mix = 1e6
      for (let t = 1; t < 2_000; t++) {
        let growth = 0
        for (let k = 0; k < n; k++)
          growth += (weights[k]! * prices[t * n + k]!) / prices[(t - 1) * n + k]!
        mix *= growth
      }
      let hodl = 0
      for (let k = 0; k < n; k++)
        hodl += ((weights[k]! * 1e6) / prices[k]!) * prices[(2_000 - 1) * n + k]!
      expect(Math.abs(result.benchmarks.rebalanced!.value / mix - 1)).toBeLessThan(1e-12)
      expect(Math.abs(result.benchmarks.hodl!.value / hodl - 1)).toBeLessThan(1e-14)
      expect(result.metrics.hodlValue).toBe(result.benchmarks.hodl!.value)
      expect(result.benchmarks.hodl!.returnVsHodl).toBe(0)
      expect(result.benchmarks.rebalanced!.tradingCost).toBe(0)
      // The LP's tracking error against constant-mix is the headline trackingError.
      expect(result.benchmarks.rebalanced!.trackingError).toBeCloseTo(
        result.metrics.trackingError,
        12,
      )
    }
  })

  /**
   * Hand-built path, 50/50 ETH/USD, V0 = 1000, ETH 100 -> 200 -> 100 -> 200 -> 100.
   * Start: 5 ETH + 500 USD. Rebalance rule: notional = 1/2 sum |w V - h p|, fee = cost * notional,
   * then h = w (V - fee) / p.
   */
  const rows = [
    [100, 1],
    [200, 1],
    [100, 1],
    [200, 1],
    [100, 1],
  ]
  /** The rule above, applied by hand. */
  function rebalance(eth: number, usd: number, price: number, cost: number) {
    const value = eth * price + usd
    const notional = 0.5 * (Math.abs(0.5 * value - eth * price) + Math.abs(0.5 * value - usd))
    const fee = cost * notional
    return { eth: (0.5 * (value - fee)) / price, usd: 0.5 * (value - fee), fee }
  }

  it('periodic: rebalances on multiples of everySteps and pays costBps on the notional', () => {
    const result = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1_000 },
      prices: handSource(['ETH', 'USD'], rows),
      agents: [],
      benchmarks: [{ type: 'periodic', everySteps: 2, costBps: 50 }],
      seed: 1,
    })
    // Step 2 (ETH 100): holdings 5 ETH + 500 USD are already 50/50 -> notional 0, fee 0.
    // Step 4 (ETH 100): same basket again -> fee 0. Two rebalances, no cost.
    expect(result.benchmarks.periodic!.rebalances).toBe(2)
    expect(result.benchmarks.periodic!.tradingCost).toBe(0)
    expect(result.benchmarks.periodic!.value).toBe(1_000)

    const odd = runSimulation({
      pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1_000 },
      prices: handSource(['ETH', 'USD'], rows),
      agents: [],
      benchmarks: [{ type: 'periodic', everySteps: 1, costBps: 50 }],
      seed: 1,
    })
    let eth = 5
    let usd = 500
    let fees = 0
    for (let t = 1; t < rows.length; t++) {
      const next = rebalance(eth, usd, rows[t]![0]!, 0.005)
      ;({ eth, usd } = next)
      fees += next.fee
    }
    // Step 1: V = 1500, notional 250, fee 1.25; and so on each step.
    expect(odd.benchmarks.periodic!.rebalances).toBe(4)
    expect(odd.benchmarks.periodic!.tradingCost).toBeCloseTo(fees, 12)
    expect(odd.benchmarks.periodic!.value).toBeCloseTo(eth * 100 + usd, 12)
    expect(fees).toBeGreaterThan(1.25)
  })

  it('threshold: rebalances only when a value weight drifts more than band from target', () => {
    const run = (band: number) =>
      runSimulation({
        pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1_000 },
        prices: handSource(['ETH', 'USD'], rows),
        agents: [],
        benchmarks: [{ type: 'threshold', band, costBps: 20 }],
        seed: 1,
      }).benchmarks.threshold!
    // Doubling ETH from 50/50 gives value weights 2/3 : 1/3, a drift of 1/6 = 0.1667.
    const loose = run(0.17)
    expect(loose.rebalances).toBe(0)
    expect(loose.value).toBe(5 * 100 + 500)
    const tight = run(0.16)
    // Every step drifts by 1/6 (x2) or 1/6 (x0.5 from 50/50: 1/3 : 2/3): four rebalances.
    let eth = 5
    let usd = 500
    let fees = 0
    for (let t = 1; t < rows.length; t++) {
      const next = rebalance(eth, usd, rows[t]![0]!, 0.002)
      ;({ eth, usd } = next)
      fees += next.fee
    }
    expect(tight.rebalances).toBe(4)
    expect(tight.tradingCost).toBeCloseTo(fees, 12)
    expect(tight.value).toBeCloseTo(eth * 100 + usd, 12)
  })
})

describe('rebalanceHoldings', () => {
  it('resets value weights to target after paying cost on half the L1 gap', () => {
    const holdings = new Float64Array([10, 0, 1_000])
    const prices = new Float64Array([50, 20, 1])
    const weights = new Float64Array([0.2, 0.3, 0.5])
    // V = 1500; targets 300, 450, 750; gaps 200, 450, 250 -> notional 450; fee 0.45 at 10 bps.
    const fee = rebalanceHoldings(3, holdings, 0, prices, 0, weights, 1_500, 0.001)
    expect(fee).toBeCloseTo(0.45, 14)
    expect(holdings[0]).toBeCloseTo((0.2 * 1_499.55) / 50, 12)
    expect(holdings[1]).toBeCloseTo((0.3 * 1_499.55) / 20, 12)
    expect(holdings[2]).toBeCloseTo(0.5 * 1_499.55, 12)
  })

  it('compileBenchmarks keys by name, else type, and converts bps to fractions', () => {
    const compiled = compileBenchmarks([
      { type: 'periodic', everySteps: 3, costBps: 25 },
      { type: 'threshold', band: 0.05, costBps: 10, name: 'band5' },
    ])
    expect(compiled.names).toEqual(['periodic', 'band5'])
    expect(Array.from(compiled.costs)).toEqual([0.0025, 0.001])
    expect(() => compileBenchmarks([{ type: 'periodic', everySteps: 1.5, costBps: 1 }])).toThrow(
      'benchmarks[0].everySteps: expected an integer >= 1, found 1.5',
    )
  })
})
