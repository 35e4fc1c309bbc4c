/**
 * The step loop of an exact run (`pool.math` = `exact-v2-2021`, `exact-v2`, `exact-v3`).
 * The pool's state is raw integers (`ExactPool.balancesRaw`); `EngineState.balances` holds their
 * float view (raw / 10^decimals), which the agents plan on and the metrics read. Per step:
 * 1. the arbitrageur's optimum is found in float on the view (`optimalArbitrage`) and planned as
 *    pairwise swaps (`executeArbitrage` on a scratch copy); each planned swap then executes exact
 *    in through the integer math, its amount in rounded down to raw units; noise traders likewise;
 * 2. a revert is caught and counted by the contract's error name; a 30 % revert (`MaxInRatio`,
 *    `BAL#304`) is retried once at floor(30 % of the raw balance in), any other revert, or an
 *    amount rounding to 0 raw units, skips the swap;
 * 3. the check: per committed swap, the float kernel's amount out on the exact state read as
 *    floats against the exact amount out (the per-trade model error); a float shadow pool receives
 *    the same amounts in through the float kernel, and per step its balances and value are
 *    compared with the exact pool's (the accumulated error);
 * 4. the float engine's own step (`runChunk`, agents disabled) then moves the market and updates
 *    values, benchmarks, metrics and the series, so an exact run's metrics are defined and
 *    computed exactly as a float run's. Trades precede that step here, so the market P&L it books
 *    on the post-trade balances is corrected back to the pre-trade ones first.
 * Weight schedules are not supported with exact math yet (rejected at the start).
 */
import { logTrade } from './tradeLog.js'
import { InputError, PoolError } from '../../errors.js'
import { computeInGivenOut, computeOutGivenIn } from '../../pool/float/swap.js'
import { MAX_RATIO, executeArbitrage, optimalArbitrage } from '../agents/arbitrage.js'
import type {
  ArbitrageurSpec,
  ExactCheck,
  ErrorStats,
  ResolvedSimulationConfig as SimulationConfig,
} from './types.js'
import { blockArrived } from '../agents/blocks.js'
import { gasSourceOf, nextGas, type GasSource } from '../agents/gas.js'
import { nextArrivalGap, nextStandardNormal, nextUniform, poolShare } from '../agents/noise.js'
import { EXACT_MATHS, createExactPool, exactSwapExactIn } from './exactPool.js'
import type { ExactMath, ExactPool } from './exactPool.js'
import {
  ARB_FEES,
  ARB_IDEAL_PROFIT,
  ARB_PROFIT,
  ARB_REALISED_PROFIT,
  ARB_TRADES,
  CAP_BINDS,
  CONSTANT_MIX,
  EXTERNAL_COSTS,
  FEE_INCOME,
  GAS_PAID,
  HODL_PREVIOUS,
  LP_PREVIOUS,
  LVR,
  MARKET_PNL,
  NOISE_CAP_BINDS,
  NOISE_ROUTED_AWAY,
  NOISE_FEES,
  NOISE_TRADES,
  NOISE_VOLUME,
  PEAK,
  TRADES,
  VOLUME,
  type EngineState,
} from './state.js'
import { recordSample, runChunk } from './stepLoop.js'

/** Offsets of the three statistics blocks in {@link ExactRun.stats}. */
const AMOUNT_STATS = 0
const BALANCE_STATS = 6
const VALUE_STATS = 12
/** Within a block: largest |x|, sum of x^2, sum of x, smallest x, largest x, count. */
const MAX_ABS = 0
const SUM_SQUARES = 1
const SUM = 2
const MIN = 3
const MAX = 4
const COUNT = 5
const SHRUNK = 18
const SKIPPED = 19
const EXECUTED = 20
const STATS_SIZE = 21

/** The exact side of a run: the integer pool, the shadow, the check's sums, scratch space. */
export interface ExactRun {
  readonly pool: ExactPool
  readonly n: number
  /** 10^decimals by token: raw units per token unit. */
  readonly rawPerUnit: Float64Array
  /** The exact weights and fee as floats (what the planner, the check and the shadow use). */
  readonly weights: Float64Array
  readonly swapFee: number
  readonly gamma: number
  readonly logGamma: number
  readonly arbEvery: number
  arbCountdown: number
  /** This step's gas cost per trade, numeraire units (drawn each step when gasSource is set). */
  gasCost: number
  /** A gas distribution; undefined: gasCost is the scenario's constant. */
  readonly gasSource: GasSource | undefined
  /** Noise arrival rates per second (the engine state's are emptied so runChunk trades none). */
  readonly noiseRates: Float64Array
  /** Unix seconds of the row being traded (for the trade log). */
  time: number
  /** Float balances the arbitrage plan runs on (scratch). */
  readonly plan: Float64Array
  /** The float view before this step's trades (for the market P&L correction). */
  readonly before: Float64Array
  /** Raw balances before an arbitrage (restored when it does not pay its gas). */
  readonly backupRaw: bigint[]
  /** The float shadow pool's balances. */
  readonly shadow: Float64Array
  /** Swaps of the transaction under way: tokens (2 per swap), raw amounts, float kernel's out. */
  readonly logTokens: Int32Array
  readonly logIn: bigint[]
  readonly logOut: bigint[]
  readonly logFloatOut: Float64Array
  logCount: number
  readonly stats: Float64Array
  /** Reverts by the contract's error name; touched only when a swap reverts. */
  readonly reverts: Map<string, number>
}

function bad(path: string, detail: string): InputError {
  return new InputError('BAD_PARAMETER', { path }, detail)
}

/**
 * Validates the exact-only parts of a config before the run reads its prices.
 * @param config - the run's config with `pool.math` an exact generation
 * @param n - number of tokens
 * @throws {InputError} `BAD_PARAMETER` for an unknown math (`pool.math`), a weight schedule other
 *   than static (`pool.schedule`) or decimals of the wrong count (`pool.decimals`)
 */
export function checkExactConfig(config: SimulationConfig, n: number): void {
  const math = config.pool.math
  if (!(EXACT_MATHS as readonly unknown[]).includes(math))
    throw bad(
      'pool.math',
      `expected "float", ${EXACT_MATHS.map((m) => JSON.stringify(m)).join(', ')}, found ${JSON.stringify(math)}`,
    )
  const schedule = config.pool.schedule
  if (schedule !== undefined && schedule.type !== 'static')
    throw bad(
      'pool.schedule',
      `weight schedules are not supported with exact math yet: expected "static", found ${JSON.stringify(schedule.type)}`,
    )
  const decimals = config.pool.decimals
  if (decimals !== undefined && decimals.length !== n)
    throw bad('pool.decimals', `expected ${n} decimals (one per token), found ${decimals.length}`)
}

/**
 * Builds the exact side of a run at step 0 and puts the engine's pool at the exact initial
 * balances: `e.balances`, the HODL basket and the benchmarks' holdings become the float view of the
 * raw balances, and the starting values their value at the first prices (at most one raw unit per
 * token below `initialValue`). Call after the engine's own start (step 0 already sampled).
 * @param config - the run's config (`pool.math` exact; `pool.decimals` default 18 each)
 * @param e - the engine state after its start
 * @param arb - the arbitrageur, if any
 * @param noiseRates - arrivals per second by noise trader
 * @param prices - the first chunk's prices (row 0 is step 0), numeraire units
 * @returns the exact run
 * @throws {InputError} `BAD_PARAMETER` from {@link createExactPool}
 */
export function createExactRun(
  config: SimulationConfig,
  e: EngineState,
  arb: ArbitrageurSpec | undefined,
  noiseRates: Float64Array,
  prices: Float64Array,
): ExactRun {
  const n = e.n
  const math = config.pool.math as ExactMath
  const decimals = config.pool.decimals ?? Array.from({ length: n }, () => 18)
  const pool = createExactPool({
    math,
    decimals,
    weights: config.pool.weights,
    swapFee: config.pool.swapFee,
    initialValue: config.pool.initialValue,
    prices: prices.subarray(0, n),
  })
  const rawPerUnit = Float64Array.from(decimals, (d) => 10 ** d)
  const swapFee = Number(pool.swapFee) / 1e18
  const x: ExactRun = {
    pool,
    n,
    rawPerUnit,
    weights: Float64Array.from(pool.weights, (w) => Number(w) / 1e18),
    swapFee,
    gamma: 1 - swapFee,
    logGamma: Math.log1p(-swapFee),
    arbEvery: arb === undefined ? 0 : (arb.everySteps ?? 1),
    arbCountdown: arb === undefined ? 0 : (arb.everySteps ?? 1),
    gasCost: e.gasCost,
    gasSource: gasSourceOf(arb?.gasCost, config.seed),
    noiseRates,
    plan: new Float64Array(n),
    before: new Float64Array(n),
    // Stryker disable next-line ArrayDeclaration: arbitrageExact fills it before any read, and an array grows on assignment
    backupRaw: [...pool.balancesRaw],
    shadow: new Float64Array(n),
    logTokens: new Int32Array(4 * n),
    // Stryker disable next-line ObjectLiteral,ArithmeticOperator,ArrowFunction: each entry is written by executeSwap before it is read, and an array grows on assignment
    logIn: Array.from({ length: 2 * n }, () => 0n),
    // Stryker disable next-line ObjectLiteral,ArithmeticOperator,ArrowFunction: as logIn
    logOut: Array.from({ length: 2 * n }, () => 0n),
    logFloatOut: new Float64Array(2 * n),
    logCount: 0,
    time: 0,
    stats: new Float64Array(STATS_SIZE),
    reverts: new Map(),
  }
  let value = 0
  for (let k = 0; k < n; k++) {
    const balance = Number(pool.balancesRaw[k]!) / rawPerUnit[k]!
    e.balances[k] = balance
    e.hodl[k] = balance
    x.shadow[k] = balance
    for (let b = 0; b < e.benchmarkValues.length; b++) e.benchmarkHoldings[b * n + k] = balance
    value += balance * prices[k]!
  }
  for (let b = 0; b < e.benchmarkValues.length; b++) e.benchmarkValues[b] = value
  e.acc[LP_PREVIOUS] = value
  e.acc[HODL_PREVIOUS] = value
  e.acc[CONSTANT_MIX] = value
  e.acc[PEAK] = value
  // Row 0 was sampled by the engine's start from the float state: sample it again from the exact
  // one, through the same function, so that every column (values, balances, benchmarks) agrees.
  e.sampleCount = 0
  recordSample(e, e.series[0]![0]!, prices, 0, value, value, 0, 0, 0, 0)
  return x
}

/**
 * Runs rows `from` to `count - 1` of a chunk for an exact run: trades through the exact math and
 * the check, then the float engine's step for the market, values and metrics (file comment).
 * @param x - the exact run
 * @param e - the engine state (its own agents disabled)
 * @param prices - the chunk's prices, row-major step by token, numeraire units
 * @param times - the chunk's Unix seconds
 * @param from - first row to run
 * @param count - rows in the chunk
 */
export function runExactChunk(
  x: ExactRun,
  e: EngineState,
  prices: Float64Array,
  times: Float64Array,
  from: number,
  count: number,
): void {
  const n = x.n
  const view = e.balances
  const before = x.before
  const previous = e.previousPrices
  // Stryker disable next-line ConditionalExpression,EqualityOperator: noiseExact over zero traders does nothing
  const hasNoise = x.noiseRates.length > 0
  for (let t = from; t < count; t++) {
    const offset = t * n
    x.time = times[t]! // for the trade log: e.step is this row's step until runChunk below
    // Stryker disable next-line EqualityOperator: before[n] is past the Float64Array's end: the write is ignored
    for (let k = 0; k < n; k++) before[k] = view[k]!
    if (x.gasSource !== undefined)
      x.gasCost = e.gasCost = nextGas(x.gasSource, times[t]! - e.startTime)
    if (
      x.arbEvery !== 0 &&
      --x.arbCountdown <= 0 &&
      (e.blockClock === undefined || blockArrived(e.blockClock, times[t]! - e.startTime))
    ) {
      x.arbCountdown = x.arbEvery
      arbitrageExact(x, e, prices, offset)
    }
    // Stryker disable next-line ConditionalExpression: noiseExact over zero noise traders does nothing (forced false is killed, hidden by the mark)
    if (hasNoise) noiseExact(x, e, times[t]! - e.startTime, prices, offset)
    checkStep(x, view, prices, offset)
    // runChunk books B . (p(t) - p(t-1)) on the balances it finds (after this step's trades);
    // the market P&L is defined on those before them (B(t-1)).
    let correction = 0
    for (let k = 0; k < n; k++)
      correction += (before[k]! - view[k]!) * (prices[offset + k]! - previous[k]!)
    e.acc[MARKET_PNL] = e.acc[MARKET_PNL]! + correction
    runChunk(e, prices, times, t, t + 1)
  }
}

/** Adds one observation to a statistics block. */
function observe(stats: Float64Array, at: number, value: number): void {
  const size = Math.abs(value)
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: on equality the same largest value is stored (the mark also hides <=, which is killed); at - MAX_ABS is at + MAX_ABS, MAX_ABS being 0
  if (size > stats[at + MAX_ABS]!) stats[at + MAX_ABS] = size
  stats[at + SUM_SQUARES] = stats[at + SUM_SQUARES]! + value * value
  stats[at + SUM] = stats[at + SUM]! + value
  // Stryker disable next-line EqualityOperator: <= stores the same smallest value (the mark also hides >= and !== 0, which are killed)
  if (stats[at + COUNT] === 0 || value < stats[at + MIN]!) stats[at + MIN] = value
  // Stryker disable next-line EqualityOperator: >= stores the same largest value (the mark also hides <= and !== 0, which are killed)
  if (stats[at + COUNT] === 0 || value > stats[at + MAX]!) stats[at + MAX] = value
  stats[at + COUNT] = stats[at + COUNT]! + 1
}

/** Per step: the shadow's balances (worst token) and value against the exact pool's. */
function checkStep(x: ExactRun, view: Float64Array, prices: Float64Array, offset: number): void {
  const shadow = x.shadow
  let exactValue = 0
  let shadowValue = 0
  let worst = 0
  for (let k = 0; k < x.n; k++) {
    const price = prices[offset + k]!
    exactValue += view[k]! * price
    shadowValue += shadow[k]! * price
    const gap = (shadow[k]! - view[k]!) / view[k]!
    if (Math.abs(gap) > Math.abs(worst)) worst = gap
  }
  observe(x.stats, BALANCE_STATS, worst)
  observe(x.stats, VALUE_STATS, (shadowValue - exactValue) / exactValue)
}

/** Counts a revert under the contract's error name (our code when the math names none). */
function countRevert(x: ExactRun, error: PoolError): void {
  const name = error.protocolError ?? error.code
  x.reverts.set(name, (x.reverts.get(name) ?? 0) + 1)
}

/**
 * Executes one planned swap exact in: `amountIn` token units rounded down to raw units, through
 * the exact math; applies it to the raw balances and the view and logs it. A 30 % revert retries
 * once at floor(30 % of the raw balance in); other reverts and 0 raw units skip.
 * @returns whether the swap executed
 */
function executeSwap(
  x: ExactRun,
  view: Float64Array,
  tokenIn: number,
  tokenOut: number,
  amountIn: number,
): boolean {
  const stats = x.stats
  const balancesRaw = x.pool.balancesRaw
  const rawIn = Math.floor(amountIn * x.rawPerUnit[tokenIn]!)
  if (!(rawIn >= 1)) {
    stats[SKIPPED] = stats[SKIPPED]! + 1
    return false
  }
  let amountInRaw = BigInt(rawIn)
  let amountOutRaw: bigint
  try {
    amountOutRaw = exactSwapExactIn(x.pool, tokenIn, tokenOut, amountInRaw)
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: the exact models throw only PoolErrors for valid indices and amounts >= 1 (forced true rethrows every revert: killed, hidden by the mark)
    if (!(error instanceof PoolError)) throw error
    countRevert(x, error)
    if (error.code !== 'MAX_IN_RATIO') {
      stats[SKIPPED] = stats[SKIPPED]! + 1
      return false
    }
    // 30 % of the balance, fee included: after the fee it sits below the limit by the fee.
    amountInRaw = (balancesRaw[tokenIn]! * 3n) / 10n
    try {
      amountOutRaw = exactSwapExactIn(x.pool, tokenIn, tokenOut, amountInRaw)
    } catch (retryError) {
      if (!(retryError instanceof PoolError)) throw retryError
      countRevert(x, retryError)
      stats[SKIPPED] = stats[SKIPPED]! + 1
      return false
    }
    stats[SHRUNK] = stats[SHRUNK]! + 1
  }
  const at = x.logCount++
  x.logTokens[2 * at] = tokenIn
  x.logTokens[2 * at + 1] = tokenOut
  x.logIn[at] = amountInRaw
  x.logOut[at] = amountOutRaw
  // The float kernel on the exact state read as floats, for the same amount in.
  x.logFloatOut[at] = computeOutGivenIn(
    view[tokenIn]!,
    x.weights[tokenIn]!,
    view[tokenOut]!,
    x.weights[tokenOut]!,
    Number(amountInRaw) / x.rawPerUnit[tokenIn]!,
    x.swapFee,
  )
  balancesRaw[tokenIn] = balancesRaw[tokenIn]! + amountInRaw
  balancesRaw[tokenOut] = balancesRaw[tokenOut]! - amountOutRaw
  view[tokenIn] = Number(balancesRaw[tokenIn]) / x.rawPerUnit[tokenIn]!
  view[tokenOut] = Number(balancesRaw[tokenOut]) / x.rawPerUnit[tokenOut]!
  return true
}

/**
 * Books logged swap `s` of a committed transaction: the check (per-trade error, shadow) and the
 * run's sums (fees, LVR, volume, trades; external costs for the arbitrageur).
 */
function commitSwap(
  x: ExactRun,
  e: EngineState,
  s: number,
  prices: Float64Array,
  offset: number,
  isArbitrage: boolean,
  agent: number,
): void {
  const acc = e.acc
  const tokenIn = x.logTokens[2 * s]!
  const tokenOut = x.logTokens[2 * s + 1]!
  const amountIn = Number(x.logIn[s]!) / x.rawPerUnit[tokenIn]!
  const amountOut = Number(x.logOut[s]!) / x.rawPerUnit[tokenOut]!
  // An exact amount out of 0 (a dust trade the contract rounds away) has no relative error.
  if (amountOut > 0) observe(x.stats, AMOUNT_STATS, (x.logFloatOut[s]! - amountOut) / amountOut)
  const shadow = x.shadow
  const shadowOut = computeOutGivenIn(
    shadow[tokenIn]!,
    x.weights[tokenIn]!,
    shadow[tokenOut]!,
    x.weights[tokenOut]!,
    amountIn,
    x.swapFee,
  )
  shadow[tokenIn] = shadow[tokenIn]! + amountIn
  shadow[tokenOut] = shadow[tokenOut]! - shadowOut
  x.stats[EXECUTED] = x.stats[EXECUTED]! + 1
  const priceIn = prices[offset + tokenIn]!
  const priceOut = prices[offset + tokenOut]!
  const notional = amountIn * priceIn
  const fee = x.swapFee * notional
  acc[FEE_INCOME] = acc[FEE_INCOME]! + fee
  acc[LVR] = acc[LVR]! + (amountOut * priceOut - x.gamma * notional)
  acc[VOLUME] = acc[VOLUME]! + notional
  acc[TRADES] = acc[TRADES]! + 1
  e.feeUnits[tokenIn] = e.feeUnits[tokenIn]! + x.swapFee * amountIn
  if (e.tradeLog !== undefined)
    logTrade(
      e.tradeLog,
      x.time,
      e.step,
      agent,
      tokenIn,
      tokenOut,
      amountIn,
      amountOut,
      notional,
      fee,
    )
  if (isArbitrage) {
    acc[ARB_FEES] = acc[ARB_FEES]! + fee
    acc[EXTERNAL_COSTS] =
      acc[EXTERNAL_COSTS]! +
      notional * (e.buyFactor[tokenIn]! - 1) +
      amountOut * priceOut * (1 - e.sellFactor[tokenOut]!)
  } else {
    acc[NOISE_FEES] = acc[NOISE_FEES]! + fee
    acc[NOISE_VOLUME] = acc[NOISE_VOLUME]! + notional
    acc[NOISE_TRADES] = acc[NOISE_TRADES]! + 1
  }
}

/**
 * The arbitrageur on the exact pool: the float optimum on the view, planned as pairwise swaps,
 * each executed exact in; undone (raw balances restored) when the realised profit, net of
 * external costs, does not exceed the gas cost, as in the float engine.
 */
function arbitrageExact(x: ExactRun, e: EngineState, prices: Float64Array, offset: number): void {
  const n = x.n
  const view = e.balances
  const ideal = optimalArbitrage(
    n,
    view,
    x.weights,
    prices,
    offset,
    e.buyFactor,
    e.sellFactor,
    e.logBuy,
    e.logSell,
    x.gamma,
    x.logGamma,
    e.scratch,
    e.amounts,
  )
  if (!(ideal > x.gasCost)) return
  const plan = x.plan
  // Stryker disable next-line EqualityOperator: plan[n] is past the Float64Array's end: the write is ignored
  for (let k = 0; k < n; k++) plan[k] = view[k]!
  const swapLog = e.swapLog
  const result = executeArbitrage(
    n,
    plan,
    x.weights,
    x.swapFee,
    e.amounts,
    e.scratch.orderA,
    e.scratch.orderB,
    swapLog,
  )
  // Stryker disable next-line EqualityOperator: a result of 0 (no swap planned) as capped plans -1 swaps, logs none, and returns at the undo below before the cap is counted
  let capped = result < 0
  const swaps = capped ? -result - 1 : result
  const balancesRaw = x.pool.balancesRaw
  // Stryker disable next-line EqualityOperator: backupRaw[n] = undefined is never read (the restore reads k < n)
  for (let k = 0; k < n; k++) x.backupRaw[k] = balancesRaw[k]!
  const shrunk = x.stats[SHRUNK]!
  x.logCount = 0
  for (let s = 0; s < swaps; s++)
    executeSwap(x, view, swapLog[4 * s]!, swapLog[4 * s + 1]!, swapLog[4 * s + 2]!)
  if (x.stats[SHRUNK]! > shrunk) capped = true
  let realised = 0
  for (let s = 0; s < x.logCount; s++) {
    const tokenIn = x.logTokens[2 * s]!
    const tokenOut = x.logTokens[2 * s + 1]!
    realised +=
      (Number(x.logOut[s]!) / x.rawPerUnit[tokenOut]!) *
        prices[offset + tokenOut]! *
        e.sellFactor[tokenOut]! -
      (Number(x.logIn[s]!) / x.rawPerUnit[tokenIn]!) *
        prices[offset + tokenIn]! *
        e.buyFactor[tokenIn]!
  }
  // Stryker disable next-line ConditionalExpression: with no swap logged realised is 0, and gasCost >= 0 (validated), so !(realised > gasCost) holds anyway
  if (x.logCount === 0 || !(realised > x.gasCost)) {
    for (let k = 0; k < n; k++) {
      balancesRaw[k] = x.backupRaw[k]!
      view[k] = Number(balancesRaw[k]!) / x.rawPerUnit[k]!
    }
    return
  }
  for (let s = 0; s < x.logCount; s++) commitSwap(x, e, s, prices, offset, true, e.arbAgent)
  const acc = e.acc
  acc[ARB_TRADES] = acc[ARB_TRADES]! + 1
  acc[GAS_PAID] = acc[GAS_PAID]! + x.gasCost
  acc[ARB_PROFIT] = acc[ARB_PROFIT]! + (realised - x.gasCost)
  acc[ARB_IDEAL_PROFIT] = acc[ARB_IDEAL_PROFIT]! + ideal
  acc[ARB_REALISED_PROFIT] = acc[ARB_REALISED_PROFIT]! + realised
  if (capped) acc[CAP_BINDS] = acc[CAP_BINDS]! + 1
}

/**
 * Noise traders on the exact pool: the same draws, arrivals and sizes as the float engine; the
 * amount in is planned on the view with the float engine's 30 %-out cap, the 30 %-in limit is the
 * exact math's own (a revert, then the retry at 30 %: counted as a noise cap bind).
 */
function noiseExact(
  x: ExactRun,
  e: EngineState,
  time: number,
  prices: Float64Array,
  offset: number,
): void {
  const n = x.n
  const view = e.balances
  const weights = x.weights
  // Stryker disable next-line EqualityOperator: at j = length noiseNext[j] is undefined, undefined <= time is false, and the write past the Float64Array's end is ignored
  for (let j = 0; j < x.noiseRates.length; j++) {
    const draws = e.noiseDraws[j]!
    const rate = x.noiseRates[j]!
    let next = e.noiseNext[j]!
    while (next <= time) {
      next += nextArrivalGap(draws, rate)
      const tokenIn = Math.floor(nextUniform(draws) * n)
      let tokenOut = Math.floor(nextUniform(draws) * (n - 1))
      if (tokenOut >= tokenIn) tokenOut++
      const size = e.noiseMedians[j]! * Math.exp(e.noiseSigmas[j]! * nextStandardNormal(draws))
      const balanceIn = view[tokenIn]!
      const balanceOut = view[tokenOut]!
      let amountIn = size / prices[offset + tokenIn]!
      let capped = false
      const planned = computeOutGivenIn(
        balanceIn,
        weights[tokenIn]!,
        balanceOut,
        weights[tokenOut]!,
        Math.min(amountIn, MAX_RATIO * balanceIn),
        x.swapFee,
      )
      if (planned > MAX_RATIO * balanceOut) {
        amountIn = computeInGivenOut(
          balanceIn,
          weights[tokenIn]!,
          balanceOut,
          weights[tokenOut]!,
          MAX_RATIO * balanceOut,
          x.swapFee,
        )
        capped = true
      }
      // Fee-elastic flow: routed on the float view's cost of the planned trade (as the float engine).
      const elasticity = e.noiseElasticities[j]!
      if (elasticity > 0) {
        const plannedIn = capped ? amountIn : Math.min(amountIn, MAX_RATIO * balanceIn)
        const plannedOut = capped ? MAX_RATIO * balanceOut : planned
        const cost =
          1 - (plannedOut * prices[offset + tokenOut]!) / (plannedIn * prices[offset + tokenIn]!)
        if (nextUniform(draws) >= poolShare(cost, e.noiseOutsideCosts[j]!, elasticity)) {
          e.acc[NOISE_ROUTED_AWAY] = e.acc[NOISE_ROUTED_AWAY]! + 1
          continue
        }
      }
      const shrunk = x.stats[SHRUNK]!
      x.logCount = 0
      if (executeSwap(x, view, tokenIn, tokenOut, amountIn)) {
        commitSwap(x, e, 0, prices, offset, false, e.noiseAgents[j]!)
        if (capped || x.stats[SHRUNK]! > shrunk)
          e.acc[NOISE_CAP_BINDS] = e.acc[NOISE_CAP_BINDS]! + 1
      }
    }
    e.noiseNext[j] = next
  }
}

function errorStats(stats: Float64Array, at: number): ErrorStats {
  const count = stats[at + COUNT]!
  return {
    // Stryker disable next-line ArithmeticOperator: MAX_ABS is 0
    maxAbs: stats[at + MAX_ABS]!,
    rms: count > 0 ? Math.sqrt(stats[at + SUM_SQUARES]! / count) : 0,
    mean: count > 0 ? stats[at + SUM]! / count : 0,
    min: stats[at + MIN]!,
    max: stats[at + MAX]!,
    count,
  }
}

/**
 * The check's report at the end of an exact run (definitions in the file comment and
 * docs/exact-math.md, "Running a scenario on the exact on-chain math").
 * @param x - the exact run
 * @returns the `exactCheck` section of the result; `reverts` keyed in name order
 */
export function exactCheckOf(x: ExactRun): ExactCheck {
  const reverts: Record<string, number> = {}
  for (const name of [...x.reverts.keys()].sort()) reverts[name] = x.reverts.get(name)!
  return {
    math: x.pool.math,
    decimals: [...x.pool.decimals],
    swapFee: x.swapFee,
    balancesRaw: x.pool.balancesRaw.map(String),
    trades: x.stats[EXECUTED]!,
    shrunk: x.stats[SHRUNK]!,
    skipped: x.stats[SKIPPED]!,
    reverts,
    amountOut: errorStats(x.stats, AMOUNT_STATS),
    balances: errorStats(x.stats, BALANCE_STATS),
    value: errorStats(x.stats, VALUE_STATS),
  }
}

/**
 * One note for the report on an exact run: the math, swaps executed, reverts and the largest
 * errors, in words.
 * @param check - from {@link exactCheckOf}
 * @returns the note's text
 */
export function exactCheckNote(check: ExactCheck): string {
  const reverts = Object.entries(check.reverts)
  const revertText =
    reverts.length === 0
      ? 'no swap reverted'
      : `reverts: ${reverts.map(([name, count]) => `${name} ${count}`).join(', ')} (${check.shrunk} retried smaller, ${check.skipped} skipped)`
  return `Every trade ran through the ${check.math} integer math (${check.trades} swaps; ${revertText}); the float model's largest relative error was ${check.amountOut.maxAbs.toExponential(2)} on an amount out and ${check.value.maxAbs.toExponential(2)} on the pool value.`
}
