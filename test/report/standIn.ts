/**
 * A stand-in engine result for report tests: a 50/50 ETH/USDC pool along a deterministic price
 * path, with balances from the fee-free closed form (B_k = w_k V / p_k, V = prod (p_k/w_k)^w_k
 * scaled). Not a simulation: just plausible, fully known numbers for the writers.
 */
import type { SimulationResult } from '../../src/sim/engine/types.js'

/** A result with `points` series points over `days` days, prices following a smooth swing. */
export function standInResult(points = 200, days = 365): SimulationResult {
  const start = 1_735_689_600 // 2025-01-01T00:00:00Z
  const time = new Float64Array(points)
  const ethPrice = new Float64Array(points)
  const usdcPrice = new Float64Array(points).fill(1)
  const ethBalance = new Float64Array(points)
  const usdcBalance = new Float64Array(points)
  const lpValue = new Float64Array(points)
  const hodlValue = new Float64Array(points)
  const constantMix = new Float64Array(points)
  const feeIncome = new Float64Array(points)
  const lvr = new Float64Array(points)
  for (let i = 0; i < points; i++) {
    const t = i / (points - 1)
    time[i] = start + Math.round(t * days * 86_400)
    const p = 2000 * Math.exp(0.5 * Math.sin(6 * t))
    ethPrice[i] = p
    // 50/50 fee-free pool from V0 = 1e6 at p0 = 2000: value = V0 * sqrt(p / p0)
    const value = 1e6 * Math.sqrt(p / 2000)
    ethBalance[i] = value / 2 / p
    usdcBalance[i] = value / 2
    feeIncome[i] = 1000 * t
    lvr[i] = 1500 * t
    lpValue[i] = value + feeIncome[i]!
    hodlValue[i] = 250 * p + 500_000
    constantMix[i] = value * (1 + 0.001 * t)
  }
  const last = points - 1
  return {
    tokens: ['ETH', 'USDC'],
    numeraire: 'USDC',
    steps: 8761,
    startTime: start,
    endTime: time[last]!,
    metrics: {
      lpValue: lpValue[last]!,
      hodlValue: hodlValue[last]!,
      returnVsHodl: lpValue[last]! / hodlValue[last]! - 1,
      impermanentLoss: -0.0123,
      impermanentLossClosedForm: -0.0123,
      feeIncome: 1000,
      lvr: 1500,
      arbProfit: 500,
      volume: 123_456_789.5,
      trades: 4321,
      trackingError: 0.0123,
      weightDeviation: { mean: 0.001, max: 0.01 },
      maxDrawdown: 0.35,
      annualisedReturn: 0.05,
      annualisedVolatility: 0.4,
      arbFees: 900,
      noiseFees: 100,
      gasPaid: 0,
      externalCosts: 0,
      arbTrades: 4000,
      capBinds: 0,
      noiseTrades: 321,
      noiseVolume: 1_000_000,
      noiseCapBinds: 0,
      marketPnl: -70_000,
      risk: {
        period: 86_400,
        periods: 365,
        riskFreeRate: 0,
        sharpeRatio: 0.512,
        sortinoRatio: 0.734,
        calmarRatio: 0.143,
        valueAtRisk: 0.0612,
        expectedShortfall: 0.0874,
        annualisedReturn: 0.05,
        maxDrawdown: 0.35,
      },
      returnDecomposition: {
        lpReturn: 0.04,
        hodlReturn: 0.07,
        divergenceLoss: -0.04,
        weightRule: 0,
        fees: 0.01,
        feesAtFixedFee: 0.01,
        dynamicFee: 0,
        fixedFee: { swapFee: 0.003, lpReturn: 0.04 },
      },
    },
    benchmarks: {
      hodl: {
        value: hodlValue[last]!,
        returnVsHodl: 0,
        tradingCost: 0,
        rebalances: 0,
        trackingError: 0.2,
        informationRatio: -0.35,
        risk: {
          sharpeRatio: 0.6,
          sortinoRatio: 0.9,
          calmarRatio: 0.2,
          valueAtRisk: 0.07,
          expectedShortfall: 0.1,
          annualisedReturn: 0.07,
          maxDrawdown: 0.4,
        },
      },
      'constant-mix': {
        value: constantMix[last]!,
        returnVsHodl: constantMix[last]! / hodlValue[last]! - 1,
        tradingCost: 0,
        rebalances: 0,
        trackingError: 0.01,
        informationRatio: 0.12,
        risk: {
          sharpeRatio: null,
          sortinoRatio: 0.9,
          calmarRatio: 0.2,
          valueAtRisk: 0.07,
          expectedShortfall: 0.1,
          annualisedReturn: 0.07,
          maxDrawdown: 0.4,
        },
      },
    },
    series: {
      columns: [
        'time',
        'price.ETH',
        'price.USDC',
        'balance.ETH',
        'balance.USDC',
        'lpValue',
        'hodlValue',
        'benchmark.constant-mix',
        'feeIncome',
        'lvr',
      ],
      data: [
        time,
        ethPrice,
        usdcPrice,
        ethBalance,
        usdcBalance,
        lpValue,
        hodlValue,
        constantMix,
        feeIncome,
        lvr,
      ],
    },
    notes: ['The 30% cap bound the arbitrageur on 0 steps.'],
    warnings: [],
  }
}
