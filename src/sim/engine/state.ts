/**
 * The engine's mutable state for one run: typed arrays and numbers only, allocated once before
 * the step loop. `acc` holds the run's running sums at the fixed indices below, so agent and
 * benchmark steps can add to them without returning objects.
 */
import type { ArbitrageScratch } from '../agents/arbitrage.js'
import type { BlockClock } from '../agents/blocks.js'
import type { GasSource } from '../agents/gas.js'
import type { NoiseDraws } from '../agents/noise.js'
import type { TradeLog } from './tradeLog.js'
import type { CompiledBenchmarks } from '../benchmarks/benchmarks.js'
import type { CompiledSchedule } from './weightSchedule.js'
import type { CompiledSwapFeeRule } from '../strategies/fees/swapFeeRule.js'

/**
 * A dynamic swap fee's running state (docs/dynamic-fees.md): the rule, its inputs, the
 * normalised EWMAs behind `volatility` and `volume` (sum and weight: estimate = sum / weight), and
 * the fee's running statistics. Plain numbers and typed arrays, allocated once.
 */
export interface SwapFeeState {
  readonly rule: CompiledSwapFeeRule
  /** By input index (INPUT_VOLATILITY …). */
  readonly inputs: Float64Array
  /** Prices at the previous step, for the volatility input's log returns. */
  readonly lastPrices: Float64Array
  /** Scratch: this step's log returns by token. */
  readonly returns: Float64Array
  /** Steps until the rule sets the fee next. */
  countdown: number
  varianceSum: number
  varianceWeight: number
  volumeSum: number
  volumeWeight: number
  /** The run's volume sum (numeraire) when the previous step's fee phase ran. */
  lastVolume: number
  /** Seconds from the path start of the previous step. */
  lastTime: number
  /** Step length the cached decay was computed for, seconds, and that decay. */
  lastDt: number
  decay: number
  /** Sum, smallest and largest of the fee in force at each step from 1, and the steps counted. */
  feeSum: number
  /** The fee at the start (`pool.swapFee`): feeSum adds fee - feeStart. */
  readonly feeStart: number
  feeMin: number
  feeMax: number
  feeCount: number
  /** Index of the `swapFee` column in the series. */
  readonly column: number
}

/** Indices into {@link EngineState.acc}. */
export const FEE_INCOME = 0
export const ARB_FEES = 1
export const NOISE_FEES = 2
export const LVR = 3
export const VOLUME = 4
export const NOISE_VOLUME = 5
export const TRADES = 6
export const NOISE_TRADES = 7
export const ARB_TRADES = 8
export const GAS_PAID = 9
export const EXTERNAL_COSTS = 10
export const ARB_PROFIT = 11
export const CAP_BINDS = 12
export const NOISE_CAP_BINDS = 13
export const MARKET_PNL = 14
/** Sum of closed-form profits (net of external costs) of executed arbitrages. */
export const ARB_IDEAL_PROFIT = 15
/** Sum of realised profits (net of external costs, before gas) of the same arbitrages. */
export const ARB_REALISED_PROFIT = 16
/**
 * Per-step LP log returns: count, then sums of (x - shift) and (x - shift)^2 with the shift the
 * first observation (RETURN_SHIFT), so a constant series gives exactly 0 and no cancellation.
 */
export const RETURN_COUNT = 17
export const RETURN_SUM = 18
export const RETURN_SQUARES = 19
/** The same sums of per-step LP minus constant-mix log returns (shift TRACKING_SHIFT). */
export const TRACKING_SUM = 20
export const TRACKING_SQUARES = 21
export const PEAK = 22
export const MAX_DRAWDOWN = 23
export const DEVIATION_SUM = 24
export const DEVIATION_MAX = 25
/** LP value at the previous step and the constant-mix value now. */
export const LP_PREVIOUS = 26
export const CONSTANT_MIX = 27
/** HODL value at the previous step. */
export const HODL_PREVIOUS = 28
export const RETURN_SHIFT = 29
export const TRACKING_SHIFT = 30
/** Fee-elastic noise arrivals that went to the outside venue. */
export const NOISE_ROUTED_AWAY = 31
/** Priority fees winning arbitrageurs paid the block builder (`priority-auction`). */
export const PRIORITY_FEES = 32
export const ACC_SIZE = 33

/** Per-arbitrageur figures in {@link CompetingArbitrageurs.figures}, at `FIGURE_SIZE * j + …`. */
export const FIGURE_BLOCKS_WON = 0
export const FIGURE_PROFIT = 1
export const FIGURE_GAS_PAID = 2
export const FIGURE_EXTERNAL_FEES = 3
export const FIGURE_PRIORITY_FEES = 4
export const FIGURE_SIZE = 5

/**
 * Two or more arbitrageurs competing for each block (docs/order-flow.md): each one's gas and
 * external-fee factors, by arbitrageur `j` in agent order. Arbitrageur 0's gas is
 * `EngineState.gasCost` (drawn by the loop as a lone arbitrageur's is); the others' are drawn
 * each step into `gasCosts`. Allocated once before the run.
 */
export interface CompetingArbitrageurs {
  /** Arbitrageurs (>= 2). */
  readonly count: number
  /** Index of each in `config.agents`. */
  readonly agents: Int32Array
  /** `priority-auction`: the winner pays the runner-up's net profit to the block builder. */
  readonly isAuction: boolean
  /** This step's gas per trade by arbitrageur, numeraire units (index 0 mirrors gasCost). */
  readonly gasCosts: Float64Array
  /** Gas sources by arbitrageur (undefined: a constant); index 0 is EngineState.gasSource. */
  readonly gasSources: readonly (GasSource | undefined)[]
  /** External-fee factors by arbitrageur, each by token (as EngineState.buyFactor …). */
  readonly buyFactors: readonly Float64Array[]
  readonly sellFactors: readonly Float64Array[]
  readonly logBuys: readonly Float64Array[]
  readonly logSells: readonly Float64Array[]
  /** Running figures, FIGURE_SIZE per arbitrageur (FIGURE_BLOCKS_WON …). */
  readonly figures: Float64Array
  /** Scratch: the balances at the start of the block, restored after each evaluation. */
  readonly startBalances: Float64Array
}

/** Everything the step loop reads and writes. */
export interface EngineState {
  readonly n: number
  /** The swap fee in force (fraction); a dynamic rule moves it, with gamma = 1 - swapFee. */
  swapFee: number
  gamma: number
  logGamma: number
  /** Dynamic swap fee; undefined for a fixed fee (then nothing of it runs). */
  readonly swapFeeState: SwapFeeState | undefined
  /** Token units by index. */
  readonly balances: Float64Array
  /** Current pool weights (scheduled). */
  readonly weights: Float64Array
  /** Prices at the previous step. */
  readonly previousPrices: Float64Array
  /** Initial balances: the HODL basket. */
  readonly hodl: Float64Array
  /** Swap fees kept by the pool, in token units of the token paid in. */
  readonly feeUnits: Float64Array
  readonly acc: Float64Array
  /** Global index of the next step to run. */
  step: number
  readonly startTime: number
  // Arbitrageur (everySteps 0 = none).
  readonly arbEvery: number
  /**
   * Steps until the arbitrageur acts next (acts when it reaches 0, then resets to arbEvery). With
   * a block clock it keeps falling below 0 until a step holds a block.
   */
  arbCountdown: number
  /** Poisson block times of the arbitrageur; undefined: it acts every arbEvery steps. */
  readonly blockClock: BlockClock | undefined
  /** This step's gas cost per trade, numeraire units (drawn each step when gasSource is set). */
  gasCost: number
  /** A gas distribution; undefined: gasCost is the scenario's constant. */
  readonly gasSource: GasSource | undefined
  readonly buyFactor: Float64Array
  readonly sellFactor: Float64Array
  readonly logBuy: Float64Array
  readonly logSell: Float64Array
  readonly amounts: Float64Array
  readonly backup: Float64Array
  readonly swapLog: Float64Array
  readonly scratch: ArbitrageScratch
  /** Scratch of the last successful arbitrage attempt: closed-form profit, swaps, 1 if capped. */
  readonly arbOutcome: Float64Array
  /** Two or more competing arbitrageurs (general loop only); undefined for none or one. */
  readonly competitors: CompetingArbitrageurs | undefined
  // Noise traders.
  readonly noiseRates: Float64Array
  readonly noiseMedians: Float64Array
  readonly noiseSigmas: Float64Array
  /** Fee-elastic flow by trader: elasticity (0 = fee-blind) and the outside venue's cost. */
  readonly noiseElasticities: Float64Array
  readonly noiseOutsideCosts: Float64Array
  /** Next arrival per trader, seconds from the path start. */
  readonly noiseNext: Float64Array
  readonly noiseDraws: readonly NoiseDraws[]
  // Weight schedule.
  readonly schedule: CompiledSchedule
  knotCursor: number
  /** Momentum: ring of the last lookback + 1 price rows. */
  readonly priceRing: Float64Array
  /**
   * Token units of the fee-free shadow pool of the return decomposition (docs/risk-metrics.md):
   * the run's weights, arbitraged to the market every step. Updated only when weights move.
   */
  readonly shadowBalances: Float64Array
  /** Dynamic-weight rule: estimators, targets and scalars (empty without a rule). */
  readonly ruleState: Float64Array
  // Benchmarks.
  readonly benchmarks: CompiledBenchmarks
  readonly benchmarkHoldings: Float64Array
  readonly benchmarkValues: Float64Array
  readonly benchmarkCosts: Float64Array
  readonly benchmarkRebalances: Float64Array
  /** Shifted sums of each benchmark's tracking gap: shift at 3b, sum at 3b + 1, squares at 3b + 2. */
  readonly benchmarkSums: Float64Array
  /** Number of periodic and threshold benchmarks (the ones with holdings to update per step). */
  readonly vaultCount: number
  /** Steps per chunk: the length of the growth buffers below. */
  readonly chunkSteps: number
  /** Per-step growth factors of the chunk: LP value, constant-mix, HODL, each benchmark (b * chunkSteps + t). */
  readonly lpGrowth: Float64Array
  readonly mixGrowth: Float64Array
  readonly hodlGrowth: Float64Array
  readonly benchmarkGrowth: Float64Array
  /** Per-step LP log returns of the chunk (scratch of accumulateReturns). */
  readonly logReturns: Float64Array
  /** Steps until each periodic benchmark rebalances next. */
  readonly benchmarkCountdowns: Int32Array
  // Down-sampled series.
  readonly sampleEvery: number
  /** Steps until the next sample (every sampleEvery-th step; the last step is always sampled). */
  sampleCountdown: number
  readonly lastStep: number
  readonly series: Float64Array[]
  sampleCount: number
  // Per-trade log (`trades: true`); undefined when off, decided before the run.
  readonly tradeLog: TradeLog | undefined
  /** Index in `config.agents` of the arbitrageur, and of each noise trader. */
  readonly arbAgent: number
  readonly noiseAgents: Int32Array
}
