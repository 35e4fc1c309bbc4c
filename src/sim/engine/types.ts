/**
 * What the engine takes and returns. The scenario layer maps a scenario file onto
 * {@link SimulationConfig}; reports read {@link SimulationResult}. Units: values in numeraire
 * units at market prices, ratios as fractions, times in seconds, annualised figures per
 * 365-day year.
 */
import type { RiskFigures } from '../metrics/risk.js'
import type { WeightRuleSpec } from '../strategies/weights/weightRule.js'
import type { ModelSpec } from '../prices/model.js'
import type { PricePathNotes, PriceSource } from '../prices/types.js'
import type { SwapFeeRuleSpec } from '../strategies/fees/swapFeeRule.js'

/**
 * Gas as a distribution: each step draws `median · exp(sigma · Z)`, Z standard normal, from the
 * gas stream `createRng(seed, 'gas', 0)` (numeraire units per trade).
 */
export interface GasDistribution {
  distribution: 'lognormal'
  /** Median gas cost per trade, numeraire units, >= 0. */
  median: number
  /** Standard deviation of log gas, >= 0 (0: the constant `median`). */
  sigma: number
}

/**
 * Gas as a time series: at each step the value of the last row at or before the step's time (the
 * first row's before it), numeraire units per trade.
 */
export interface GasSeries {
  /** Seconds from the path start, increasing. */
  times: number[]
  /** Gas per trade by row, numeraire units, >= 0. */
  gas: number[]
}

/** Trades the profit-maximising closed-form arbitrage against the external prices. */
export interface ArbitrageurSpec {
  type: 'arbitrageur'
  /**
   * Numeraire units per trade; the arbitrageur trades only when profit exceeds it. Default 0. A
   * {@link GasDistribution} draws a fresh value each step instead; a {@link GasSeries} gives the
   * value in force at each step.
   */
  gasCost?: number | GasDistribution | GasSeries
  /** Fraction paid on the external venue per unit traded there (fee or half-spread). Default 0. */
  externalFee?: number
  /** Acts on every k-th step (1 = every step). Default 1. */
  everySteps?: number
  /**
   * Random block times: blocks arrive as a Poisson process with `meanInterval` seconds between
   * them on average, and the arbitrageur acts only at the end of a step holding a block (needs
   * `everySteps` 1). Absent: every `everySteps` steps (fixed blocks of `everySteps · dt`).
   */
  blocks?: { type: 'poisson'; meanInterval: number }
}

/** Uninformed flow: Poisson arrivals, log-normal sizes in numeraire, random token pairs. */
export interface NoiseTraderSpec {
  type: 'noise'
  /** Mean number of trades per day (Poisson rate). */
  tradesPerDay: number
  /** Median trade size in numeraire units (the log-normal's exp(mu)). */
  medianSize: number
  /** Standard deviation of log size. Default 1. */
  sizeSigma?: number
  /**
   * Fee-elastic flow: each arrival trades on the pool with probability
   * `1 / (1 + (cost / outsideCost)^elasticity)` (cost = the trade's all-in cost on the pool), the
   * rest goes to an outside venue; `tradesPerDay` is then the pool's trades per day when a small
   * trade costs `referenceSwapFee`. Absent: fee-blind, every arrival trades on the pool.
   */
  demand?: NoiseDemandSpec
}

/** The demand curve of fee-elastic noise flow (see docs/order-flow.md). */
export interface NoiseDemandSpec {
  /** ε > 0: the pool's volume falls as cost^(-ε) once the pool costs well above the outside venue. */
  elasticity: number
  /** The outside venue's all-in cost per unit of notional, fraction > 0 (0.003 = 0.3 %). */
  outsideCost: number
  /** Fee at which the pool sees `tradesPerDay` small trades a day, fraction >= 0. */
  referenceSwapFee: number
}

/**
 * An agent of the run: any number of arbitrageurs (competing for each block, docs/order-flow.md)
 * and noise traders.
 */
export type AgentSpec = ArbitrageurSpec | NoiseTraderSpec

/**
 * Competition between arbitrageurs in a block: the one whose trade is worth the most net of its
 * own gas and external fees wins the block (ties: lowest agent index); the others pay nothing.
 * `winner-keeps`: the winner keeps its net profit. `priority-auction`: searchers bid their
 * surplus to the block builder (a second-price, Bertrand outcome; Daian et al. 2019), so the
 * winner pays the runner-up's net profit (0 when no other one has a positive one) as a priority
 * fee and keeps the margin.
 */
export interface ArbitrageSpec {
  competition: 'winner-keeps' | 'priority-auction'
}

/** How the pool's weights move with time (seconds are counted from the path's first point). */
export type WeightScheduleSpec =
  | { type: 'static' }
  | { type: 'linear'; startTime: number; endTime: number; endWeights: number[] }
  | { type: 'piecewise'; points: { time: number; weights: number[] }[] }
  | {
      type: 'momentum'
      /** Retarget every n steps. */
      everySteps: number
      /** Steps of past returns the rule looks at. */
      lookbackSteps: number
      /** How far weights tilt toward recent winners per unit of log return. */
      strength: number
    }
  | WeightRuleSpec

/** A strategy the LP compares against, run on the same path. */
export type BenchmarkSpec =
  | { type: 'hodl'; name?: string }
  | { type: 'constant-mix'; name?: string }
  | { type: 'periodic'; everySteps: number; costBps: number; name?: string }
  | { type: 'threshold'; band: number; costBps: number; name?: string }

/** Pool math a run uses: float64, or the exact integer math of a Balancer generation. */
export type PoolMath = 'float' | 'exact-v2-2021' | 'exact-v2' | 'exact-v3'

/** Largest and typical size of a relative difference (float model minus exact, over exact). */
export interface ErrorStats {
  /** Largest absolute relative difference (the "largest"). */
  maxAbs: number
  /** Root mean square of the relative differences (the "typical"). */
  rms: number
  /** Mean signed relative difference: > 0 when the float model gives more than the exact one. */
  mean: number
  /** Smallest and largest signed relative difference. */
  min: number
  max: number
  /** Observations (swaps or steps). */
  count: number
}

/**
 * An exact run's check of the float model (docs/exact-math.md, "How it is checked: the `exactCheck` section"). Per swap, the float
 * kernel on the exact state read as floats against the exact amount out; per step, a float shadow
 * pool that received the same amounts in through the float kernel against the exact pool.
 */
export interface ExactCheck {
  math: Exclude<PoolMath, 'float'>
  /** Token decimals by index. */
  decimals: number[]
  /** Swap fee the exact pool charged (fraction; V3 truncates to multiples of 1e-7). */
  swapFee: number
  /** The exact pool's final balances, raw units as decimal strings. */
  balancesRaw: string[]
  /** Exact swaps executed. */
  trades: number
  /** Swaps retried at 30 % of the balance after a 30 % revert, and executed. */
  shrunk: number
  /** Swaps skipped: reverted (other than 30 %, or again on the retry) or 0 raw units. */
  skipped: number
  /** Reverts by the contract's error name (`MaxInRatio`, `TradeAmountTooSmall`, `BAL#304`, …). */
  reverts: Record<string, number>
  /** Per executed swap: the float kernel's amount out on the same state and amount in. */
  amountOut: ErrorStats
  /** Per step: the shadow's balance against the exact balance, for the token furthest apart. */
  balances: ErrorStats
  /** Per step: the shadow pool's value against the exact pool's, at market prices. */
  value: ErrorStats
}

/** The pool of a run; see {@link SimulationConfig}. */
export interface SimulationPool {
  /**
   * Target (initial) normalized weights (fractions summing to 1). Either keyed by token symbol
   * (`{ ETH: 0.8, USDC: 0.2 }`: the order cannot be mistaken), or an array by token index of the
   * price source's `tokens` (for a model spec without `tokens`, the key order of its `start`).
   */
  weights: readonly number[] | Readonly<Record<string, number>>
  /** Fraction of the amount in kept by the pool (with a dynamic rule: until its first update). */
  swapFee: number
  /**
   * A dynamic swap fee (docs/dynamic-fees.md): built-in rules on volatility, gas, volume or
   * deviation, or an expression; float maths only. Absent or `fixed`: the fee stays `swapFee`.
   */
  swapFeeRule?: SwapFeeRuleSpec
  /** Numeraire value of the pool at the first step; balances follow from weights and prices. */
  initialValue: number
  schedule?: WeightScheduleSpec
  // --- exact engine (docs-drafts/exact-engine.md) ---
  /**
   * Pool math: `float` (default) or an exact on-chain generation, whose runs execute every
   * trade through the integer contract math and report the float model's error (`exactCheck`).
   */
  math?: PoolMath
  /** Token decimals by index for the exact maths (default 18 each); ignored by `float`. */
  decimals?: number[]
  // --- end exact engine ---
}

/**
 * Everything one run needs: the pool, the price path, agents, benchmarks and the seed.
 * `prices` is a {@link PriceSource} (from `createModelSource`, `sourceFromPath`, a CSV loader) or
 * a synthetic model spec, which the run turns into a source seeded by `seed` (stream `'prices'`,
 * as a scenario file does): then the seed is given once, here.
 */
export interface SimulationConfig {
  pool: SimulationPool
  prices: PriceSource | ModelSpec
  agents: AgentSpec[]
  benchmarks: BenchmarkSpec[]
  /** Seeds every random stream of the run (noise traders, momentum noise, a model spec's path). */
  seed: number
  /**
   * Points kept in the down-sampled time series (an integer >= 2), or `'all'` to keep every step
   * (memory: 8 bytes x steps x columns). Default 500: then `result.series` holds every k-th step
   * only, and per-step uses (`toRows(result, { everyStep: true })`) refuse it.
   */
  seriesPoints?: number | 'all'
  /**
   * Log every executed swap in `result.trades` (default false). Off, the step loops pay nothing
   * for it; on, memory grows by 72 bytes a trade while running, plus the objects at the end.
   */
  trades?: boolean
  /**
   * Annual risk-free rate (fraction) of the Sharpe and Sortino ratios, `riskFreeRate / P` per
   * period with P periods a year. Default 0.
   */
  riskFreeRate?: number
  /**
   * How several arbitrageurs share a block (docs/order-flow.md, "Competing arbitrageurs"):
   * the best trade net of its costs wins; `winner-keeps` (default) lets the winner keep its
   * profit, `priority-auction` makes it pay the block builder the runner-up's net profit.
   */
  arbitrage?: ArbitrageSpec
  /**
   * Called once per chunk, never per step. With a dynamic swap fee the run is made twice (the
   * fixed-fee counterfactual of `returnDecomposition`): the total is then 2 x steps.
   */
  onProgress?: (stepsDone: number, steps: number) => void
}

/**
 * One executed swap of a run, as `trades: true` logs it. An arbitrage transaction of a pool of
 * more than two tokens may hold several swaps (one entry each, same step). The sums over the log
 * are the run's figures: `valueIn` adds up to `metrics.volume`, `feePaid` to `metrics.feeIncome`,
 * entries to `metrics.trades`.
 */
export interface Trade {
  /** Unix seconds of the step. */
  time: number
  /** Step index on the path (0 is the first point; trades start at step 1). */
  step: number
  /** Index of the trading agent in `config.agents` (scenario `agents`). */
  agent: number
  agentType: AgentSpec['type']
  tokenIn: string
  tokenOut: string
  /** Units of `tokenIn` paid in, swap fee included. */
  amountIn: number
  /** Units of `tokenOut` paid out. */
  amountOut: number
  /** `amountIn` at the step's market price, numeraire units: the trade's volume. */
  valueIn: number
  /** Swap fee paid to the pool, numeraire units at the step's price (`swapFee * valueIn`). */
  feePaid: number
}

/**
 * A {@link SimulationConfig} as the engine runs it: a price source, and weights as an array by
 * token index of `prices.tokens`. `resolveSimulationConfig` makes one; `configureScenario`
 * returns one.
 */
export interface ResolvedSimulationConfig extends SimulationConfig {
  pool: SimulationPool & { weights: number[] }
  prices: PriceSource
}

/**
 * One arbitrageur's figures (numeraire units; counts as numbers). Over arbitrageurs, `profit`,
 * `gasPaid`, `externalFees` and `priorityFees` add up to `arbProfit`, `gasPaid`,
 * `externalCosts` and `priorityFees` of {@link Metrics}, and `blocksWon` to `arbTrades`.
 */
export interface ArbitrageurFigures {
  /** Index of the arbitrageur in `config.agents` (scenario `agents`). */
  agent: number
  /** Blocks in which its trade won and was executed. */
  blocksWon: number
  /** Profit it kept: external value received less paid, less gas, less priority fees. */
  profit: number
  /** Gas it paid (only in blocks it won). */
  gasPaid: number
  /** What it paid on the external venue (fee or half-spread). */
  externalFees: number
  /** What it paid the block builder (`priority-auction`). */
  priorityFees: number
}

/** Summary metrics of the LP position, names as in the metric table of docs/metrics.md. */
export interface Metrics {
  lpValue: number
  hodlValue: number
  returnVsHodl: number
  impermanentLoss: number
  /** Null when weights move (the closed form assumes static weights). */
  impermanentLossClosedForm: number | null
  feeIncome: number
  lvr: number
  arbProfit: number
  volume: number
  trades: number
  trackingError: number
  weightDeviation: { mean: number; max: number }
  maxDrawdown: number
  annualisedReturn: number
  annualisedVolatility: number
  /** Part of `feeIncome` paid by the arbitrageur (numeraire at trade time). */
  arbFees: number
  /** Part of `feeIncome` paid by noise traders (numeraire at trade time). */
  noiseFees: number
  /** Gas the arbitrageur paid: `gasCost` times arbitrage transactions. */
  gasPaid: number
  /** What the arbitrageur paid on the external venue (numeraire). */
  externalCosts: number
  /** Arbitrage transactions (one per acting step; each may hold several swaps). */
  arbTrades: number
  /**
   * Priority fees the winning arbitrageurs paid the block builder (`priority-auction`), numeraire.
   * Present with two or more arbitrageurs or an `arbitrage` option only.
   */
  priorityFees?: number
  /**
   * Per arbitrageur, in agent order: blocks won and its share of the sums. Present with two or
   * more arbitrageurs or an `arbitrage` option only.
   */
  arbitrageurs?: ArbitrageurFigures[]
  /** Arbitrage transactions in which a 30 % in/out limit cut the optimal trade. */
  capBinds: number
  /** Noise trades and their volume (numeraire at trade time); part of `trades` and `volume`. */
  noiseTrades: number
  noiseVolume: number
  /** Noise trades cut by a 30 % in/out limit. */
  noiseCapBinds: number
  /** Market P&L of the pool's holdings: sum over steps of `B(t-1) . (p(t) - p(t-1))`. */
  marketPnl: number
  /**
   * With a dynamic swap fee only: the fee in force at each step from step 1 (fraction), its mean
   * over steps, smallest and largest. Absent with a fixed fee.
   */
  swapFee?: { mean: number; min: number; max: number }
  /** Risk metrics of the LP position over period returns (docs/risk-metrics.md). */
  risk: RiskMetrics
  /** The LP's return split into HODL, divergence loss, weight rule and fees (docs/risk-metrics.md). */
  returnDecomposition: ReturnDecomposition
}

/** {@link RiskFigures} of the LP position with the sampling they were computed on. */
export interface RiskMetrics extends RiskFigures {
  /** Seconds per period (86,400: daily; 3,600: hourly for runs shorter than 20 days). */
  period: number
  /** Period returns the figures use (full periods in the run). */
  periods: number
  /** Annual risk-free rate of the Sharpe and Sortino ratios (fraction). */
  riskFreeRate: number
}

/**
 * `lpReturn = hodlReturn + divergenceLoss + weightRule + fees`, every term a fraction of the
 * initial value V0 (docs/risk-metrics.md): `hodlReturn = H/V0 - 1`; `divergenceLoss = (S - H)/V0`
 * with S the fee-free pool with the start weights kept at the market (`V0 prod R_k^w_k`);
 * `weightRule = (W - S)/V0` with W the fee-free pool with the run's weights (0 for static
 * weights); `fees = (L - W)/V0`: what fees and order flow added, net of the arbitrage's frictions.
 * `fees = feesAtFixedFee + dynamicFee`: `feesAtFixedFee` is the fees term of the same run at the
 * fixed fee `pool.swapFee` (same path, seed and agents; a dynamic swap fee rule replaced by it),
 * `dynamicFee` what the rule added beyond it. Without a rule both are exact: `feesAtFixedFee =
 * fees`, `dynamicFee = 0`.
 */
export interface ReturnDecomposition {
  lpReturn: number
  hodlReturn: number
  divergenceLoss: number
  weightRule: number
  fees: number
  /** The fees term of the fixed-fee run (fraction of V0); `fees` without a rule. */
  feesAtFixedFee: number
  /** `fees - feesAtFixedFee` (fraction of V0): the dynamic fee's own term; 0 without a rule. */
  dynamicFee: number
  /** The fixed-fee run: its swap fee (`pool.swapFee`) and LP return (fraction of V0); without a rule, the run itself. */
  fixedFee: FixedFeeRun
}

/** The counterfactual run of {@link ReturnDecomposition} at the fixed fee. */
export interface FixedFeeRun {
  /** The fixed swap fee, `pool.swapFee` (fraction). */
  swapFee: number
  /** LP value / V0 - 1 of the run at that fee (fraction). */
  lpReturn: number
}

/** A benchmark's outcome on the run's path; values in numeraire units, ratios as fractions. */
export interface BenchmarkResult {
  value: number
  returnVsHodl: number
  tradingCost: number
  /** Rebalancing trades made (0 for hodl and constant-mix, which is costless by definition). */
  rebalances: number
  /** Annualised tracking error of the LP position against this benchmark. */
  trackingError: number
  /** Annualised information ratio of the LP against this benchmark over period returns; null when undefined. */
  informationRatio: number | null
  /** The benchmark's own risk figures over the same periods as the LP's. */
  risk: RiskFigures
}

/** Down-sampled series, column-major; `time` first (Unix seconds), then named columns. */
export interface TimeSeries {
  columns: string[]
  data: Float64Array[]
  /**
   * Steps between kept points (1: every step). The last step is kept too, so the last gap may be
   * shorter. Set by the engine; absent in series built by hand.
   */
  sampleEvery?: number
}

/**
 * Something in a run the reader must check: bad-looking data (a price jump, a forward-filled
 * gap, quotes treated as equal) or an engine event. `code` is stable; `message` says it in
 * words; `step` (index on the path), `time` (Unix seconds) and `token` locate it when known.
 */
export interface RunWarning {
  code: string
  message: string
  /** Global step index where it was first seen. */
  step?: number
  /** Unix seconds of that step. */
  time?: number
  /** Token symbol concerned, when one is. */
  token?: string
}

/** What a run returns: metrics, benchmarks, the down-sampled series and notes. */
export interface SimulationResult {
  tokens: readonly string[]
  numeraire: string
  steps: number
  startTime: number
  endTime: number
  metrics: Metrics
  /** Keyed by the benchmark's name, else its type. */
  benchmarks: Record<string, BenchmarkResult>
  series: TimeSeries
  /** Things the reader must know, e.g. how often the 30 % cap bound the arbitrageur. */
  notes: string[]
  /** Warnings in order: the price data's first (token by token), then the engine's. */
  warnings: RunWarning[]
  /** Historical prices: how files became the path (from the source's `notes`). */
  data?: PricePathNotes
  /** Exact runs only: the float model's error against the exact math. */
  exactCheck?: ExactCheck
  /** With `trades: true` only: every executed swap in order. */
  trades?: Trade[]
}
