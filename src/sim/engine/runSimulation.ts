/**
 * `runSimulation`: validates a config once, builds the typed-array state, streams the price path
 * through the step loop in chunks, and turns the running sums into a {@link SimulationResult}.
 * Memory is independent of the number of steps: one chunk of prices, the state, and the
 * down-sampled series.
 */
import { InputError, RunError, fmt } from '../../errors.js'
import {
  MAX_SWAP_FEE,
  MAX_TOKENS,
  MIN_SWAP_FEE,
  MIN_TOKENS,
  MIN_WEIGHT,
} from '../../pool/float/checks.js'
import { createArbitrageScratch } from '../agents/arbitrage.js'
import { createBlockClock, sameBlocksProblem } from '../agents/blocks.js'
import { gasSourceOf, type GasSource } from '../agents/gas.js'
import { createNoiseDraws, nextArrivalGap, potentialTradesPerDay } from '../agents/noise.js'
import {
  BENCHMARK_CONSTANT_MIX,
  BENCHMARK_PERIODIC,
  BENCHMARK_THRESHOLD,
  compileBenchmarks,
} from '../benchmarks/benchmarks.js'
import {
  annualisedStdDev,
  impermanentLossClosedForm,
  squaredDeviations,
} from '../metrics/metrics.js'
import {
  MIN_RISK_PERIODS,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  informationRatioOf,
  riskFiguresOf,
  riskPeriodOf,
} from '../metrics/risk.js'
import { SECONDS_PER_YEAR } from '../prices/synthetic/source.js'
import { createRng } from '../random.js'
import { releaseBuffers, takeBuffer } from './scratch.js'
import { INPUT_COUNT, compileSwapFeeRule } from '../strategies/fees/swapFeeRule.js'
import type { CompiledSwapFeeRule } from '../strategies/fees/swapFeeRule.js'
import {
  ACC_SIZE,
  ARB_FEES,
  ARB_IDEAL_PROFIT,
  ARB_PROFIT,
  ARB_REALISED_PROFIT,
  ARB_TRADES,
  CAP_BINDS,
  CONSTANT_MIX,
  DEVIATION_MAX,
  DEVIATION_SUM,
  EXTERNAL_COSTS,
  FEE_INCOME,
  GAS_PAID,
  HODL_PREVIOUS,
  LP_PREVIOUS,
  LVR,
  MARKET_PNL,
  MAX_DRAWDOWN,
  NOISE_CAP_BINDS,
  NOISE_ROUTED_AWAY,
  NOISE_FEES,
  NOISE_TRADES,
  NOISE_VOLUME,
  PEAK,
  RETURN_COUNT,
  RETURN_SQUARES,
  RETURN_SUM,
  TRACKING_SQUARES,
  TRACKING_SUM,
  TRADES,
  VOLUME,
  PRIORITY_FEES,
  FIGURE_BLOCKS_WON,
  FIGURE_EXTERNAL_FEES,
  FIGURE_GAS_PAID,
  FIGURE_PRIORITY_FEES,
  FIGURE_PROFIT,
  FIGURE_SIZE,
  type CompetingArbitrageurs,
  type EngineState,
  type SwapFeeState,
} from './state.js'
// exact engine: see exactLoop.ts
import {
  checkExactConfig,
  createExactRun,
  exactCheckNote,
  exactCheckOf,
  runExactChunk,
  type ExactRun,
} from './exactLoop.js'
import { createExactPool } from './exactPool.js'
import {
  anchorPeriodSamples,
  createPeriodSamples,
  samplePeriods,
  type PeriodSamples,
} from './periodSamples.js'
import { recordSample, runChunk, runTwoTokenChunk, syncBenchmarkValues } from './stepLoop.js'
import { priceWarnings } from '../prices/csv/describePriceNotes.js'
import { createModelSource } from '../prices/model.js'
import { createTradeLog, tradesOf } from './tradeLog.js'
import type { PriceSource } from '../prices/types.js'
import type {
  AgentSpec,
  ArbitrageurFigures,
  ArbitrageurSpec,
  BenchmarkResult,
  NoiseTraderSpec,
  ResolvedSimulationConfig,
  RunWarning,
  SimulationConfig,
  SimulationResult,
} from './types.js'
import {
  SCHEDULE_KNOTS,
  SCHEDULE_STATIC,
  compileSchedule,
  isWeightRuleSpec,
  knotWeightsAt,
} from './weightSchedule.js'
import { startWeightRule, weightRuleStateSize } from '../strategies/weights/weightRule.js'

/** Steps read from the price source per chunk. */
export const CHUNK_STEPS = 4_096
/** Default number of points in the down-sampled series. */
export const DEFAULT_SERIES_POINTS = 500

function bad(path: string, detail: string, values: Record<string, unknown> = {}): InputError {
  return new InputError('BAD_PARAMETER', { path }, detail, values)
}

/** Tolerance on the sum of the weights: float rounding of decimal inputs (0.1 + 0.2 + 0.7). */
const WEIGHT_SUM_TOLERANCE = 1e-9

/**
 * Validates the pool part of a config by the pool model's rules (`pool/float/checks.ts`): 2 to
 * 8 tokens, each weight >= MIN_WEIGHT, weights summing to 1, and a swap fee of exactly 0 (the
 * fee-free idealisation of the closed-form tests) or within [MIN_SWAP_FEE, MAX_SWAP_FEE].
 */
function checkPool(config: ResolvedSimulationConfig, n: number): void {
  const { weights, swapFee, initialValue } = config.pool
  if (n < MIN_TOKENS || n > MAX_TOKENS)
    throw bad('prices.tokens', `expected ${MIN_TOKENS} to ${MAX_TOKENS} tokens, found ${n}`)
  if (weights.length !== n)
    throw bad('pool.weights', `expected ${n} weights (one per token), found ${weights.length}`)
  let sum = 0
  weights.forEach((w, k) => {
    // `!(w >= min)` also catches NaN, which every comparison fails
    if (!(w >= MIN_WEIGHT && w <= 1))
      throw bad(`pool.weights[${k}]`, `${fmt(w)} is outside [${fmt(MIN_WEIGHT)}, 1]`, {
        index: k,
        weight: w,
      })
    sum += w
  })
  // Stryker disable next-line EqualityOperator: `<` differs only when |sum - 1| is exactly 1e-9; for sums near 1 the difference is exact, a multiple of 2^-53, and the double 1e-9 is not
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE))
    throw bad('pool.weights', `weights sum to ${fmt(sum)}, expected 1 (within 1e-9)`, { sum })
  if (!(swapFee === 0 || (swapFee >= MIN_SWAP_FEE && swapFee <= MAX_SWAP_FEE)))
    throw bad(
      'pool.swapFee',
      `${fmt(swapFee)} is outside [${fmt(MIN_SWAP_FEE)}, ${fmt(MAX_SWAP_FEE)}] (0 is allowed as a fee-free idealisation)`,
      { swapFee },
    )
  if (!(initialValue > 0 && Number.isFinite(initialValue)))
    throw bad('pool.initialValue', `expected a positive number, found ${initialValue}`)
}

/** The agent kinds the engine knows, as `AgentSpec.type` spells them. */
const AGENT_TYPES = ['arbitrageur', 'noise'] as const satisfies readonly AgentSpec['type'][]

/**
 * Splits and validates the agents: any number of arbitrageurs (acting in the same blocks: equal
 * `everySteps` and `blocks`), any number of noise traders.
 */
function checkAgents(config: ResolvedSimulationConfig): {
  arb: ArbitrageurSpec | undefined
  arbs: ArbitrageurSpec[]
  noise: NoiseTraderSpec[]
} {
  let arb: ArbitrageurSpec | undefined
  // Stryker disable next-line UnaryOperator: a placeholder, read only after the first arbitrageur sets it with `arb`
  let arbIndex = -1
  const arbs: ArbitrageurSpec[] = []
  const noise: NoiseTraderSpec[] = []
  config.agents.forEach((agent, index) => {
    const path = `agents[${index}]`
    // A library caller's typo ('arbitrager') would otherwise read as a noise trader lacking
    // tradesPerDay; the scenario schema catches it for JSON, this for code.
    const type: unknown = (agent as { type: unknown }).type
    if (!(AGENT_TYPES as readonly unknown[]).includes(type))
      throw bad(
        `${path}.type`,
        `unknown agent type ${typeof type === 'string' ? `"${type}"` : String(type)}; expected one of ${AGENT_TYPES.map((t) => `"${t}"`).join(', ')}`,
        { type },
      )
    if (agent.type === 'arbitrageur') {
      const gas = agent.gasCost ?? 0
      const external = agent.externalFee ?? 0
      const every = agent.everySteps ?? 1
      if (typeof gas === 'object' && 'times' in gas) {
        const { times, gas: values } = gas
        if (!(times.length >= 1 && times.length === values.length))
          throw bad(
            `${path}.gasCost`,
            `expected a time series of at least one row (times and gas of equal length), found ${times.length} times and ${values.length} values`,
          )
        const row = times.findIndex(
          (t, i) => !Number.isFinite(t) || (i > 0 && !(t > times[i - 1]!)),
        )
        if (row >= 0)
          throw bad(
            `${path}.gasCost.times[${row}]`,
            `expected increasing finite seconds, found ${times[row]}`,
          )
        const negative = values.findIndex((g) => !(g >= 0 && Number.isFinite(g)))
        if (negative >= 0)
          throw bad(
            `${path}.gasCost.gas[${negative}]`,
            `expected a number >= 0, found ${values[negative]}`,
          )
      } else if (typeof gas === 'object') {
        const kind: unknown = (gas as { distribution: unknown }).distribution
        if (kind !== 'lognormal')
          throw bad(`${path}.gasCost.distribution`, `expected "lognormal", found ${String(kind)}`)
        if (!(gas.median >= 0 && Number.isFinite(gas.median)))
          throw bad(`${path}.gasCost.median`, `expected a number >= 0, found ${gas.median}`)
        if (!(gas.sigma >= 0 && Number.isFinite(gas.sigma)))
          throw bad(`${path}.gasCost.sigma`, `expected a number >= 0, found ${gas.sigma}`)
      } else if (!(gas >= 0 && Number.isFinite(gas)))
        throw bad(`${path}.gasCost`, `expected a number >= 0, found ${gas}`)
      if (!(external >= 0 && external < 1))
        throw bad(`${path}.externalFee`, `expected a fraction in [0, 1), found ${external}`)
      if (!(Number.isInteger(every) && every >= 1))
        throw bad(`${path}.everySteps`, `expected an integer >= 1, found ${every}`)
      const blocks = agent.blocks
      if (blocks !== undefined) {
        // The type admits one kind today; a library caller's object may still hold another.
        const kind: unknown = (blocks as { type: unknown }).type
        if (kind !== 'poisson')
          throw bad(`${path}.blocks.type`, `expected "poisson", found ${String(kind)}`)
        if (!(blocks.meanInterval > 0 && Number.isFinite(blocks.meanInterval)))
          throw bad(
            `${path}.blocks.meanInterval`,
            `expected a positive number of seconds, found ${blocks.meanInterval}`,
          )
        if (every !== 1)
          throw bad(
            `${path}.everySteps`,
            `expected 1 (or none) with random blocks, found ${every}; the blocks decide when the arbitrageur acts`,
          )
      }
      if (arb === undefined) {
        arb = agent
        arbIndex = index
      } else {
        const problem = sameBlocksProblem(arb, arbIndex, agent, index)
        if (problem) throw bad(problem.path, problem.detail, problem.values)
      }
      arbs.push(agent)
    } else {
      const sigma = agent.sizeSigma ?? 1
      if (!(agent.tradesPerDay > 0 && Number.isFinite(agent.tradesPerDay)))
        throw bad(`${path}.tradesPerDay`, `expected a positive number, found ${agent.tradesPerDay}`)
      if (!(agent.medianSize > 0 && Number.isFinite(agent.medianSize)))
        throw bad(`${path}.medianSize`, `expected a positive number, found ${agent.medianSize}`)
      if (!(sigma >= 0 && Number.isFinite(sigma)))
        throw bad(`${path}.sizeSigma`, `expected a number >= 0, found ${sigma}`)
      const demand = agent.demand
      if (demand !== undefined) {
        const { elasticity, outsideCost, referenceSwapFee } = demand
        if (!(elasticity > 0 && elasticity <= 100))
          throw bad(
            `${path}.demand.elasticity`,
            `expected a number in (0, 100], found ${elasticity}`,
          )
        if (!(outsideCost > 0 && outsideCost < 1))
          throw bad(
            `${path}.demand.outsideCost`,
            `expected a fraction in (0, 1), found ${outsideCost}`,
          )
        if (!(referenceSwapFee >= 0 && referenceSwapFee < 1))
          throw bad(
            `${path}.demand.referenceSwapFee`,
            `expected a fraction in [0, 1), found ${referenceSwapFee}`,
          )
      }
      noise.push(agent)
    }
  })
  const competition: unknown = config.arbitrage?.competition
  if (
    config.arbitrage !== undefined &&
    competition !== 'winner-keeps' &&
    competition !== 'priority-auction'
  )
    throw bad(
      'arbitrage.competition',
      `expected "winner-keeps" or "priority-auction", found ${JSON.stringify(competition)}`,
    )
  return { arb, arbs, noise }
}

/**
 * Smallest and largest price the engine runs on, numeraire units per token unit. Balances are
 * `w V / p` with `V` at most 1e15 (the scenario bound on `pool.initialValue`), so at most 1e215,
 * and values, fee sums and volumes over 1e8 steps stay below ~1e230: far from float64's overflow
 * (1.8e308) and from its subnormal range (below 2.2e-308), where a price keeps only a few digits
 * and every ratio of prices (constant-mix growth, returns) is noise.
 */
export const MIN_PRICE = 1e-200
/** See {@link MIN_PRICE}. */
export const MAX_PRICE = 1e200
/** LP value, as a fraction of its start, below which the pool counts as drained (a warning). */
export const DRAINED_FRACTION = 1e-9

/** A risk period in words: `1 day`, `1 hour`, or seconds. */
function periodText(period: number): string {
  if (period === SECONDS_PER_DAY) return '1 day'
  if (period === SECONDS_PER_HOUR) return '1 hour'
  return `${fmt(period)} s`
}

/** A Unix time as ISO 8601 for messages, or the number when Date cannot show it. */
function timeText(time: number): string {
  const date = new Date(time * 1000)
  return Number.isNaN(date.getTime()) ? `${fmt(time)} s` : date.toISOString().replace('.000Z', 'Z')
}

/**
 * Finds the first price in a chunk outside [MIN_PRICE, MAX_PRICE] (NaN and infinities
 * included): `PRICE_OUT_OF_RANGE` naming the token, the step, its time and the value.
 */
function checkPrices(
  prices: Float64Array,
  times: Float64Array,
  count: number,
  n: number,
  firstStep: number,
  tokens: readonly string[],
): void {
  const size = count * n
  for (let i = 0; i < size; i++) {
    const price = prices[i]!
    if (price >= MIN_PRICE && price <= MAX_PRICE) continue
    const row = Math.floor(i / n)
    const step = firstStep + row
    const time = times[row]!
    const token = tokens[i % n]!
    const values = { step, time, token, price }
    const at = `price of ${token} at step ${step} (${timeText(time)}) is ${fmt(price)}`
    throw new RunError(
      'PRICE_OUT_OF_RANGE',
      `${at}, outside the range the engine runs on [${fmt(MIN_PRICE)}, ${fmt(MAX_PRICE)}]`,
      values,
    )
  }
}

/** The checks of a config that need no price but the path's length; see {@link checkSimulationConfig}. */
function checkConfig(config: ResolvedSimulationConfig) {
  const n = config.prices.tokens.length
  checkPool(config, n)
  const steps = config.prices.steps
  if (!(steps >= 2)) throw bad('prices', `expected a path of at least 2 steps, found ${steps}`)
  const { arb, arbs, noise } = checkAgents(config)
  const schedule = compileSchedule(config.pool.schedule, config.pool.weights)
  const benchmarks = compileBenchmarks(config.benchmarks)
  const swapFeeRule = compileSwapFeeRule(config.pool.swapFeeRule, 'pool.swapFeeRule')
  if (swapFeeRule !== undefined && (config.pool.math ?? 'float') !== 'float')
    throw bad(
      'pool.swapFeeRule',
      `a dynamic swap fee runs on float maths only, found pool.math "${config.pool.math}"; use "float" or remove the rule`,
    )
  const points = config.seriesPoints ?? DEFAULT_SERIES_POINTS
  if (!(points === 'all' || (Number.isInteger(points) && points >= 2)))
    throw bad('seriesPoints', `expected an integer >= 2 or "all", found ${JSON.stringify(points)}`)
  // 'all': one point per step, so the sampling stride below is 1
  const seriesPoints = points === 'all' ? Math.max(2, steps) : points
  if (!Number.isSafeInteger(config.seed))
    throw bad('seed', `expected a safe integer, found ${config.seed}`)
  if ((config.pool.math ?? 'float') !== 'float') {
    if (arbs.length > 1)
      throw bad(
        'agents',
        `competing arbitrageurs run on float maths only: expected at most one arbitrageur with pool.math "${config.pool.math}", found ${arbs.length}; use pool.math "float" or keep one arbitrageur`,
      )
    checkExactConfig(config, n)
  }
  const riskFreeRate = config.riskFreeRate ?? 0
  if (!(Number.isFinite(riskFreeRate) && riskFreeRate > -1))
    throw bad('riskFreeRate', `expected a finite fraction > -1, found ${riskFreeRate}`)
  return { arb, arbs, noise, schedule, benchmarks, seriesPoints, swapFeeRule }
}

/** The running state of a dynamic fee rule, with its series column; see {@link SwapFeeState}. */
function createSwapFeeState(
  rule: CompiledSwapFeeRule,
  n: number,
  column: number,
  feeStart: number,
): SwapFeeState {
  return {
    rule,
    inputs: new Float64Array(INPUT_COUNT),
    lastPrices: new Float64Array(n),
    returns: new Float64Array(n),
    countdown: rule.everySteps,
    varianceSum: 0,
    varianceWeight: 0,
    volumeSum: 0,
    volumeWeight: 0,
    lastVolume: 0,
    lastTime: 0,
    lastDt: -1,
    decay: 0,
    feeSum: 0,
    feeStart,
    feeMin: Infinity,
    feeMax: -Infinity,
    feeCount: 0,
    column,
  }
}

/** A price source (it has `open`) rather than a model spec. */
function isPriceSource(prices: PriceSource | SimulationConfig['prices']): prices is PriceSource {
  return typeof (prices as Partial<PriceSource>).open === 'function'
}

/**
 * A config as the engine runs it: a model spec in `prices` becomes its source, seeded by
 * `config.seed` on the stream `'prices'` (as a scenario file's synthetic prices are, so the same
 * spec and seed give the scenario's path), and weights keyed by token become an array in the
 * source's token order. A weight array with a model spec that has no `tokens` is refused: its
 * order would be the key order of `start`, which an object literal hides (`{ USDC: 1, ETH: 3000 }`
 * would make USDC the first token).
 * @param config - as for {@link runSimulation}
 * @returns the same config with `prices` a source and `pool.weights` an array by token index
 * @throws {InputError} `BAD_PARAMETER` at `pool.weights` for keys that are not the tokens, or an
 *   array with a spec without `tokens`; the model's errors (`prices.…`) as `createModelSource`
 * @example resolveSimulationConfig({ ...config, pool: { ...config.pool, weights: { ETH: 0.8, USDC: 0.2 } } }).pool.weights // [0.8, 0.2] when tokens are [ETH, USDC]
 */
export function resolveSimulationConfig(config: SimulationConfig): ResolvedSimulationConfig {
  const given = config.prices
  if (typeof given !== 'object' || (given as unknown) === null)
    throw bad('prices', `expected a price source or a model spec, found ${JSON.stringify(given)}`)
  const isSource = isPriceSource(given)
  const weights = config.pool.weights
  // A bootstrap's tokens default to its history's, an order the weights can follow; a spec
  // from `start` has only the key order of an object, which is not a token order to rely on.
  if (
    !isSource &&
    Array.isArray(weights) &&
    given.tokens === undefined &&
    given.model !== 'bootstrap'
  )
    throw bad(
      'pool.weights',
      `an array follows the token order, which prices.tokens does not give (the key order of prices.start would be used: ${Object.keys(given.start).join(', ')}); give weights by token, e.g. { ${Object.keys(
        given.start,
      )
        .map((t) => `${t}: …`)
        .join(', ')} }, or prices.tokens`,
    )
  const prices = isSource ? given : createModelSource(given, config.seed, 'prices')
  return {
    ...config,
    prices,
    pool: { ...config.pool, weights: weightArray(weights, prices.tokens) },
  }
}

/** Weights by token index of `tokens`, from an array (copied) or a record keyed by symbol. */
function weightArray(
  weights: SimulationConfig['pool']['weights'],
  tokens: readonly string[],
): number[] {
  if (Array.isArray(weights)) return [...(weights as readonly number[])]
  if (typeof (weights as unknown) !== 'object' || (weights as unknown) === null)
    throw bad(
      'pool.weights',
      `expected an array or an object keyed by token, found ${JSON.stringify(weights)}`,
    )
  const record = weights as Readonly<Record<string, number>>
  for (const key of Object.keys(record))
    if (!tokens.includes(key))
      throw bad(
        `pool.weights.${key}`,
        `expected one of the tokens [${tokens.join(', ')}], found ${key}`,
      )
  return tokens.map((token) => {
    const weight = record[token]
    if (weight === undefined)
      throw bad(`pool.weights.${token}`, `expected a weight for ${token}, found none`)
    return weight
  })
}

/**
 * Everything {@link runSimulation} checks before its first step, without running it: the pool,
 * the path's length, agents, schedule, benchmarks, series points and seed, and with exact maths
 * the exact pool at the first prices (decimals, fee bounds, no balance rounding to 0 raw units).
 * Reads only the path's first point. `validate` calls it so that a run never fails on a rule it
 * could have checked first.
 * @param input - as for {@link runSimulation}
 * @throws {InputError} `BAD_PARAMETER` naming the field, as {@link runSimulation} would
 * @example checkSimulationConfig(config) // throws, or returns nothing
 */
export function checkSimulationConfig(input: SimulationConfig): void {
  const config = resolveSimulationConfig(input)
  checkConfig(config)
  const math = config.pool.math ?? 'float'
  if (math === 'float') return
  const n = config.prices.tokens.length
  const prices = new Float64Array(n)
  if (config.prices.open().next(prices, new Float64Array(1)) !== 1)
    throw new Error('unreachable: a source of at least 2 steps yielded no first point')
  createExactPool({
    math,
    decimals: config.pool.decimals ?? Array.from({ length: n }, () => 18),
    weights: config.pool.weights,
    swapFee: config.pool.swapFee,
    initialValue: config.pool.initialValue,
    prices,
  })
}

/**
 * Runs one scenario path: a weighted pool (float64 math, or with `pool.math` exact the integer math
 * of a Balancer generation, checked against float in `result.exactCheck`: see exactLoop.ts) traded
 * by the configured agents on the source's prices, with benchmarks on the same path. Step order,
 * agents and metric definitions are in docs/engine.md and docs/metrics.md. Deterministic: the same config and seed give the same
 * numbers bit for bit. With a dynamic swap fee (`pool.swapFeeRule`, not `fixed`) the engine runs
 * the path twice: the run, then the same run at the fixed fee `pool.swapFee`, whose fees term
 * splits `returnDecomposition.fees` into `feesAtFixedFee + dynamicFee` (docs/risk-metrics.md);
 * `onProgress` then counts both runs' steps (total 2 x steps).
 * @param config - pool, price source, agents, benchmarks, seed; see {@link SimulationConfig}
 * @returns metrics in numeraire units (ratios as fractions, annualised per 365-day year), the
 *   benchmarks by name, a down-sampled series and notes
 * @throws {InputError} `BAD_PARAMETER` for an invalid pool, agent, schedule or benchmark, or a path
 *   with fewer than 2 steps; with exact `pool.math`, also for decimals, a swap fee outside the
 *   generation's bounds, a weight schedule, or an initial balance rounding to 0 raw units
 * @throws {RunError} `NON_FINITE` when a price or the pool's state is not finite (with the step)
 * @example
 * const result = runSimulation({ pool: { weights: [0.5, 0.5], swapFee: 0.003, initialValue: 1e6 },
 *   prices: source, agents: [{ type: 'arbitrageur' }], benchmarks: [{ type: 'hodl' }], seed: 1 })
 * result.metrics.returnVsHodl // e.g. -0.012
 */
export function runSimulation(config: SimulationConfig): SimulationResult {
  return runSimulationWithLoop(config, 'auto')
}

/**
 * Internal options of {@link runSimulationWithLoop}, never part of a scenario or `index.ts`.
 * `isFixedFeeRunSkipped`: with a dynamic swap fee, skip the counterfactual fixed-fee run, leaving
 * `returnDecomposition`'s fixed-fee terms as for a fixed fee (`feesAtFixedFee = fees`,
 * `dynamicFee = 0`). Only `npm run bench` sets it, so that its dynamic-fee case measures the
 * step loop alone (docs/performance.md).
 */
export interface EngineOptions {
  isFixedFeeRunSkipped?: boolean
}

/**
 * Which float step loop a run uses: `auto` takes the 2-token fast path for two tokens and the
 * general loop otherwise; `general` forces the general (N-token) loop for every run, so tests can
 * compare the fast path with it on the same inputs, figure by figure (house style 7). Internal:
 * not exported from `index.ts`.
 */
export type StepLoopChoice = 'auto' | 'general'

/**
 * {@link runSimulation} with the step loop chosen: internal, for the differential tests.
 * @param input - as for {@link runSimulation}
 * @param loop - `auto` (what runSimulation does) or `general` (the N-token loop even for 2 tokens)
 * @param options - internal switches: see {@link EngineOptions}
 * @returns as {@link runSimulation}
 * @throws as {@link runSimulation}
 * @example runSimulationWithLoop(config, 'general').metrics.feeIncome
 */
export function runSimulationWithLoop(
  input: SimulationConfig,
  loop: StepLoopChoice,
  options: EngineOptions = {},
): SimulationResult {
  const config = resolveSimulationConfig(input)
  // as compileSwapFeeRule decides (it checks the rule in the run itself)
  const rule = config.pool.swapFeeRule
  const hasRule = rule !== undefined && rule.type !== 'fixed'
  if (!hasRule || options.isFixedFeeRunSkipped === true) return runResolved(config, loop)
  // A dynamic fee: the run, then its counterfactual at the fixed fee pool.swapFee on the same
  // path, seed and agents (every random stream is keyed by seed and purpose, never by the fee),
  // for returnDecomposition's dynamicFee term. Progress counts both runs: 2 x steps in all.
  const steps = config.prices.steps
  const onProgress = config.onProgress
  const progressFrom = (offset: number) =>
    onProgress === undefined
      ? undefined
      : (done: number) => {
          onProgress(offset + done, 2 * steps)
        }
  const result = runResolved({ ...config, onProgress: progressFrom(0) }, loop)
  const fixed = runResolved(
    {
      ...config,
      pool: { ...config.pool, swapFeeRule: undefined },
      // only its metrics are read: no trade log, the smallest series
      // Stryker disable next-line BooleanLiteral: only the run's metrics are read; a trade log would be made and dropped
      trades: false,
      seriesPoints: 2,
      onProgress: progressFrom(steps),
    },
    loop,
  )
  const d = result.metrics.returnDecomposition
  const f = fixed.metrics.returnDecomposition
  d.feesAtFixedFee = f.fees
  // fees - feesAtFixedFee, so that fees = feesAtFixedFee + dynamicFee holds to rounding
  d.dynamicFee = d.fees - f.fees
  d.fixedFee = { swapFee: config.pool.swapFee, lpReturn: f.lpReturn }
  return result
}

/** One engine run of a resolved config: the step loop and its result (no counterfactual). */
function runResolved(config: ResolvedSimulationConfig, loop: StepLoopChoice): SimulationResult {
  const source = config.prices
  const tokens = source.tokens
  const n = tokens.length
  const { arb, arbs, noise, schedule, benchmarks, seriesPoints, swapFeeRule } = checkConfig(config)
  const steps = source.steps
  // exact engine: integer pool math; the float step loop keeps the market and the metrics.
  const math = config.pool.math ?? 'float'
  const isExact = math !== 'float'
  const gasSpec = arb?.gasCost
  let exact: ExactRun | undefined

  const swapFee = config.pool.swapFee
  const gamma = 1 - swapFee
  const { buyFactor, sellFactor, logBuy, logSell } = externalFactors(
    arb?.externalFee ?? 0,
    tokens,
    source.numeraire,
  )
  // Keep every k-th step plus the last: k = ceil((steps - 1) / (points - 1)) gives at most points
  // (floor((steps - 1) / k) + 1 multiples of k, plus the last step when it is not one of them).
  const sampleEvery = Math.max(1, Math.ceil((steps - 1) / (seriesPoints - 1)))
  const lastStep = steps - 1
  const sampleCount =
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression: `lastStep * sampleEvery`, `lastStep * sampleEvery === 0` and `false ? 0 : 1` only count more rows: buildResult reads the first e.sampleCount rows of each column
    Math.floor(lastStep / sampleEvery) + 1 + (lastStep % sampleEvery === 0 ? 0 : 1)
  const columns = [
    'time',
    'lpValue',
    'hodlValue',
    'constantMixValue',
    'feeIncome',
    'lvr',
    'arbProfit',
    'weightDeviation',
  ]
  for (const prefix of ['weight', 'balance', 'price'])
    for (const token of tokens) columns.push(`${prefix}.${token}`)
  for (const name of benchmarks.names) columns.push(`benchmark.${name}`)
  // The fee over time, only with a dynamic rule: other runs' series stay as they were.
  if (swapFeeRule !== undefined) columns.push('swapFee')
  const noiseRngs = noise.map((_, index) => createRng(config.seed, 'noise', index))
  const noiseDraws = noiseRngs.map((rng) => createNoiseDraws(rng))
  // Fee-elastic traders arrive at the potential rate; poolShare thins them per trade.
  const noiseRates = Float64Array.from(noise, ({ tradesPerDay, demand: d }) =>
    d === undefined
      ? tradesPerDay / 86_400
      : potentialTradesPerDay(tradesPerDay, d.referenceSwapFee, d.outsideCost, d.elasticity) /
        86_400,
  )
  const chunkSteps = Math.min(CHUNK_STEPS, steps)
  // An exact run draws in exactLoop.ts (before its trades), not in runChunk.
  const gasSource = isExact ? undefined : gasSourceOf(gasSpec, config.seed)
  const e: EngineState = {
    n,
    swapFee,
    gamma,
    logGamma: Math.log(gamma),
    swapFeeState:
      swapFeeRule === undefined
        ? undefined
        : createSwapFeeState(swapFeeRule, n, columns.length - 1, swapFee),
    balances: new Float64Array(n),
    weights: Float64Array.from(config.pool.weights),
    previousPrices: new Float64Array(n),

    hodl: new Float64Array(n),
    feeUnits: new Float64Array(n),
    acc: new Float64Array(ACC_SIZE),
    step: 0,
    startTime: source.startTime,
    // An exact run trades in exactLoop.ts: the float loop's own agents stay idle.
    arbEvery: arb === undefined || isExact ? 0 : (arb.everySteps ?? 1),
    arbCountdown: arb === undefined || isExact ? 0 : (arb.everySteps ?? 1),
    blockClock:
      arb?.blocks === undefined
        ? undefined
        : createBlockClock(createRng(config.seed, 'blocks', 0), arb.blocks.meanInterval),
    gasCost: constantGas(gasSpec),
    gasSource,
    buyFactor,
    sellFactor,
    logBuy,
    logSell,
    amounts: new Float64Array(n),
    backup: new Float64Array(n),
    swapLog: new Float64Array(8 * n),
    scratch: createArbitrageScratch(n),
    arbOutcome: new Float64Array(3),
    competitors:
      arbs.length > 1
        ? createCompetitors(config, arbs, gasSource, tokens, source.numeraire)
        : undefined,
    noiseRates: isExact ? new Float64Array(0) : noiseRates,
    noiseMedians: Float64Array.from(noise, (agent) => agent.medianSize),
    noiseSigmas: Float64Array.from(noise, (agent) => agent.sizeSigma ?? 1),
    noiseElasticities: Float64Array.from(noise, (agent) => agent.demand?.elasticity ?? 0),
    noiseOutsideCosts: Float64Array.from(noise, (agent) => agent.demand?.outsideCost ?? 1),
    noiseNext: Float64Array.from(noiseDraws, (draws, j) => nextArrivalGap(draws, noiseRates[j]!)),
    noiseDraws,
    schedule,
    knotCursor: 0,
    priceRing: new Float64Array((schedule.lookbackSteps + 1) * n),
    shadowBalances: new Float64Array(n),
    // Stryker disable next-line ConditionalExpression: forced false, a run without a rule gets a rule's state too, which nothing reads
    ruleState: new Float64Array(schedule.rule === undefined ? 0 : weightRuleStateSize(n)),
    benchmarks,
    benchmarkHoldings: new Float64Array(benchmarks.names.length * n),
    benchmarkValues: new Float64Array(benchmarks.names.length),
    benchmarkCosts: new Float64Array(benchmarks.names.length),
    benchmarkRebalances: new Float64Array(benchmarks.names.length),
    benchmarkSums: new Float64Array(3 * benchmarks.names.length),
    // Stryker disable next-line MethodExpression: counting every benchmark only calls vaultsStep when there is no vault, and it skips every kind but periodic and threshold
    vaultCount: benchmarks.kinds.filter(
      // Stryker disable next-line ConditionalExpression: forced true, as the filter removed (above)
      (kind) => kind === BENCHMARK_PERIODIC || kind === BENCHMARK_THRESHOLD,
    ).length,
    chunkSteps,
    lpGrowth: takeBuffer(chunkSteps),
    mixGrowth: takeBuffer(chunkSteps),
    hodlGrowth: takeBuffer(chunkSteps),
    logReturns: takeBuffer(chunkSteps),
    benchmarkGrowth: takeBuffer(benchmarks.names.length * chunkSteps),
    benchmarkCountdowns: Int32Array.from(benchmarks.everySteps),
    sampleEvery,
    sampleCountdown: sampleEvery,
    lastStep,
    series: columns.map(() => new Float64Array(sampleCount)),
    sampleCount: 0,
    tradeLog: config.trades === true ? createTradeLog() : undefined,
    arbAgent: config.agents.findIndex((agent) => agent.type === 'arbitrageur'),
    noiseAgents: Int32Array.from(
      config.agents.flatMap((agent, index) => (agent.type === 'noise' ? [index] : [])),
    ),
  }

  const reader = source.open()
  const chunkTimes = takeBuffer(chunkSteps)
  const chunkPrices = takeBuffer(chunkSteps * n)
  const startPrices = new Float64Array(n)
  let done = 0
  let endTime = source.startTime
  const drainedBelow = DRAINED_FRACTION * config.pool.initialValue
  let drained: RunWarning | undefined
  let periods: PeriodSamples | undefined
  for (;;) {
    const count = reader.next(chunkPrices, chunkTimes)
    if (count === 0) break
    if (done + count > steps)
      throw new Error(`unreachable: source yielded more than its ${steps} steps`)
    checkPrices(chunkPrices, chunkTimes, count, n, done, tokens)
    let from = 0
    if (done === 0) {
      startState(e, chunkPrices, chunkTimes[0]!, config.pool.initialValue, startPrices)
      if (isExact) exact = createExactRun(config, e, arb, noiseRates, chunkPrices)
      periods = createPeriodSamples(e, riskPeriodOf(source.dt, steps), config.pool.initialValue)
      from = 1
    }
    const lpBefore = e.acc[LP_PREVIOUS]!
    anchorPeriodSamples(periods!, e)
    if (exact) runExactChunk(exact, e, chunkPrices, chunkTimes, from, count)
    // Competing arbitrageurs run in the general loop (it handles 2 tokens); the fast path keeps one.
    else if (n === 2 && loop === 'auto' && e.competitors === undefined)
      runTwoTokenChunk(e, chunkPrices, chunkTimes, from, count)
    else runChunk(e, chunkPrices, chunkTimes, from, count)
    // Once per chunk, never per step: a pool emptied (or a value gone non-finite) is found by
    // replaying the chunk's LP growth factors from the value it started at.
    if (drained === undefined && !(e.acc[LP_PREVIOUS]! >= drainedBelow)) {
      const t = firstRowWhere(e.lpGrowth, from, count, lpBefore, drainedBelow, false)
      if (t >= 0) drained = drainedWarning(config, done + t, chunkTimes[t]!)
    }
    checkState(e, config, done, from, count, lpBefore, chunkTimes, drained)
    samplePeriods(periods!, e, chunkTimes, from, count)
    done += count
    endTime = chunkTimes[count - 1]!
    config.onProgress?.(done, steps)
  }
  if (done !== steps) throw new Error(`unreachable: source yielded ${done} of its ${steps} steps`)
  const result = buildResult(config, e, columns, startPrices, endTime, periods!)
  if (drained) result.warnings.push(drained)
  if (exact) {
    result.exactCheck = exactCheckOf(exact)
    result.notes.push(exactCheckNote(result.exactCheck))
  }
  if (e.tradeLog !== undefined) result.trades = tradesOf(e.tradeLog, tokens, config.agents)
  // The result holds none of the chunk buffers: the next run on this thread may reuse them.
  // Stryker disable next-line ArrayDeclaration: buffers not given back are only not reused; takeBuffer zero-fills a reused one, so the next run reads the same as from a new one
  releaseBuffers([
    e.lpGrowth,
    e.mixGrowth,
    e.hodlGrowth,
    e.logReturns,
    e.benchmarkGrowth,
    chunkTimes,
    chunkPrices,
  ])
  return result
}

/**
 * External-fee factors by token for an arbitrageur's `externalFee`: buy `1 + e`, sell `1 - e` and
 * their logs (the numeraire itself needs no external trade: factor 1).
 */
function externalFactors(
  externalFee: number,
  tokens: readonly string[],
  numeraire: string,
): {
  buyFactor: Float64Array
  sellFactor: Float64Array
  logBuy: Float64Array
  logSell: Float64Array
} {
  const n = tokens.length
  const buyFactor = new Float64Array(n)
  const sellFactor = new Float64Array(n)
  const logBuy = new Float64Array(n)
  const logSell = new Float64Array(n)
  // Stryker disable next-line EqualityOperator: `k <= n` writes index n of four Float64Arrays of length n, which is ignored
  for (let k = 0; k < n; k++) {
    const fee = tokens[k] === numeraire ? 0 : externalFee
    buyFactor[k] = 1 + fee
    sellFactor[k] = 1 - fee
    logBuy[k] = Math.log1p(fee)
    logSell[k] = Math.log1p(-fee)
  }
  return { buyFactor, sellFactor, logBuy, logSell }
}

/**
 * The state of two or more competing arbitrageurs: arbitrageur j (in agent order) draws a
 * log-normal gas from its own stream `createRng(seed, 'gas', j)` (the first one's is the lone
 * arbitrageur's stream, `firstGas`, shared with EngineState.gasSource).
 */
function createCompetitors(
  config: ResolvedSimulationConfig,
  arbs: readonly ArbitrageurSpec[],
  firstGas: GasSource | undefined,
  tokens: readonly string[],
  numeraire: string,
): CompetingArbitrageurs {
  const factors = arbs.map((a) => externalFactors(a.externalFee ?? 0, tokens, numeraire))
  return {
    count: arbs.length,
    agents: Int32Array.from(
      config.agents.flatMap((agent, index) => (agent.type === 'arbitrageur' ? [index] : [])),
    ),
    isAuction: config.arbitrage?.competition === 'priority-auction',
    gasCosts: Float64Array.from(arbs, (a) => constantGas(a.gasCost)),
    // Stryker disable next-line ConditionalExpression: forced false, arbitrageur 0 gets a source of its own on the same stream, but competitorGasStep reads gasSources from 1 on (0's gas is e.gasCost)
    gasSources: arbs.map((a, j) => (j === 0 ? firstGas : gasSourceOf(a.gasCost, config.seed, j))),
    buyFactors: factors.map((f) => f.buyFactor),
    sellFactors: factors.map((f) => f.sellFactor),
    logBuys: factors.map((f) => f.logBuy),
    logSells: factors.map((f) => f.logSell),
    figures: new Float64Array(FIGURE_SIZE * arbs.length),
    startBalances: new Float64Array(tokens.length),
  }
}

/** Gas before the first draw: the constant, a distribution's median, a series' first row. */
function constantGas(spec: ArbitrageurSpec['gasCost']): number {
  return spec === undefined || typeof spec === 'number'
    ? (spec ?? 0)
    : 'median' in spec
      ? spec.median
      : spec.gas[0]!
}

/** Step 0: the pool at the market, B_i = w_i V0 / p_i(0); benchmarks start from the same basket. */
function startState(
  e: EngineState,
  prices: Float64Array,
  time: number,
  initialValue: number,
  startPrices: Float64Array,
): void {
  const n = e.n
  if (e.schedule.kind === SCHEDULE_KNOTS)
    e.knotCursor = knotWeightsAt(e.schedule, n, time - e.startTime, 0, e.weights)
  for (let k = 0; k < n; k++) {
    const price = prices[k]!
    startPrices[k] = price
    e.previousPrices[k] = price
    e.balances[k] = (e.weights[k]! * initialValue) / price
    e.shadowBalances[k] = e.balances[k]!
    e.hodl[k] = e.balances[k]!
    e.priceRing[k] = price
    if (e.swapFeeState !== undefined) e.swapFeeState.lastPrices[k] = price
    // Stryker disable next-line EqualityOperator: `b <= length` writes past the end of benchmarkHoldings (index length * n + k), which is ignored
    for (let b = 0; b < e.benchmarkValues.length; b++)
      e.benchmarkHoldings[b * n + k] = e.balances[k]!
  }
  // Stryker disable next-line EqualityOperator: `b <= length` writes benchmarkValues[length], past the end: ignored
  for (let b = 0; b < e.benchmarkValues.length; b++) e.benchmarkValues[b] = initialValue
  e.acc[LP_PREVIOUS] = initialValue
  e.acc[HODL_PREVIOUS] = initialValue
  e.acc[CONSTANT_MIX] = initialValue
  e.acc[PEAK] = initialValue
  if (e.schedule.rule !== undefined)
    startWeightRule(e.schedule.rule, n, e.ruleState, e.weights, prices)
  e.step = 1
  recordSample(e, time, prices, 0, initialValue, initialValue, 0, 0, 0, 0)
}

/**
 * Row of the chunk at which the LP value, replayed from `lpBefore` through the chunk's growth
 * factors, is first below `threshold` (`isNonFinite` false) or first not finite (true); -1 if
 * none is.
 */
function firstRowWhere(
  lpGrowth: Float64Array,
  from: number,
  count: number,
  lpBefore: number,
  threshold: number,
  isNonFinite: boolean,
): number {
  let lp = lpBefore
  for (let t = from; t < count; t++) {
    lp *= lpGrowth[t]!
    if (isNonFinite ? !Number.isFinite(lp) : lp < threshold) return t
  }
  return -1
}

/** What a weight schedule is, in words, for causes: `the momentum schedule (strength 100, …)`. */
function scheduleText(config: ResolvedSimulationConfig): string | undefined {
  const schedule = config.pool.schedule
  if (schedule === undefined || schedule.type === 'static') return undefined
  if (isWeightRuleSpec(schedule)) return `the ${schedule.type} weight rule`
  if (schedule.type === 'momentum')
    return `the momentum weight schedule (strength ${fmt(schedule.strength)}, everySteps ${schedule.everySteps}, lookbackSteps ${schedule.lookbackSteps})`
  return `the ${schedule.type} weight schedule`
}

/** The `POOL_DRAINED` warning: the LP value fell below DRAINED_FRACTION of its start. */
function drainedWarning(config: ResolvedSimulationConfig, step: number, time: number): RunWarning {
  const schedule = scheduleText(config)
  const cause = schedule
    ? `; likely cause: ${schedule} moved the weights away from the market faster than fees repaid the arbitrageur's profit at each move`
    : ''
  return {
    code: 'POOL_DRAINED',
    message: `the LP value fell below ${fmt(DRAINED_FRACTION)} of its start (${fmt(config.pool.initialValue)}) at step ${step} (${timeText(time)}); later figures describe an empty pool${cause}`,
    step,
    time,
  }
}

/**
 * Once per chunk: the state must be finite, else `NON_FINITE` naming the quantity, the step (the
 * first whose LP value is not finite, found by replaying the chunk's growth factors, else the
 * chunk's last) and the cause where known (a drained pool, a weight schedule).
 */
function checkState(
  e: EngineState,
  config: ResolvedSimulationConfig,
  firstStep: number,
  from: number,
  count: number,
  lpBefore: number,
  times: Float64Array,
  drained: RunWarning | undefined,
): void {
  const tokens = config.prices.tokens
  // Each quantity on its own: a sum of them would overflow when several are finite but large
  // (balances of 1e308 each) and fail a finite run.
  const quantities: [string, number][] = [
    ['the LP value', e.acc[LP_PREVIOUS]!],
    ...tokens.map((token, k): [string, number] => [
      `the pool's balance of ${token}`,
      e.balances[k]!,
    ]),
    ...tokens.map((token, k): [string, number] => [`the weight of ${token}`, e.weights[k]!]),
    ['the LVR sum', e.acc[LVR]!],
    ['the fee income', e.acc[FEE_INCOME]!],
    ['the sum of squared LP returns', e.acc[RETURN_SQUARES]!],
    ['the sum of squared tracking gaps', e.acc[TRACKING_SQUARES]!],
    ...e.benchmarks.names.map((name, b): [string, number] => [
      `the value of benchmark ${name}`,
      e.benchmarkValues[b]!,
    ]),
  ]
  const bad = quantities.filter(([, value]) => !Number.isFinite(value)).map(([name]) => name)
  // a benchmark's sum of squared tracking gaps has no name: alone, it is "the pool state"
  const isSumFinite = e.benchmarks.names.every((_, b) =>
    Number.isFinite(e.benchmarkSums[3 * b + 2]!),
  )
  if (bad.length === 0 && isSumFinite) return
  const t = firstRowWhere(e.lpGrowth, from, count, lpBefore, 0, true)
  const isExactStep = t >= 0
  const step = isExactStep ? firstStep + t : firstStep + count - 1
  // The LP value's step is exact; another quantity is checked once per chunk, so name its range.
  const where = isExactStep
    ? `at step ${step} (${timeText(times[t]!)})`
    : `by step ${step} (the state is checked once per chunk; this one began at step ${firstStep})`
  const causes: string[] = []
  if (drained) causes.push(`the pool had been drained since step ${drained.step}`)
  const schedule = scheduleText(config)
  if (schedule) causes.push(`${schedule} drove it there`)
  const cause = causes.length > 0 ? `; likely cause: ${causes.join(', and ')}` : ''
  throw new RunError(
    'NON_FINITE',
    `${bad.join(', ') || 'the pool state'} became non-finite ${where}${cause}`,
    { step, quantities: bad },
  )
}

/** Turns the running sums into metrics, benchmark results and notes. */
function buildResult(
  config: ResolvedSimulationConfig,
  e: EngineState,
  columns: string[],
  startPrices: Float64Array,
  endTime: number,
  periods: PeriodSamples,
): SimulationResult {
  const source = config.prices
  const n = e.n
  const acc = e.acc
  const endPrices = e.previousPrices
  const initialValue = config.pool.initialValue
  const lpValue = acc[LP_PREVIOUS]!
  let hodlValue = 0
  let feesAtEnd = 0
  for (let k = 0; k < n; k++) {
    hodlValue += e.hodl[k]! * endPrices[k]!
    feesAtEnd += e.feeUnits[k]! * endPrices[k]!
  }
  const years = (endTime - source.startTime) / SECONDS_PER_YEAR
  const count = acc[RETURN_COUNT]!
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a path's times increase strictly over its >= 2 steps, so years > 0
  const stepsPerYear = years > 0 ? count / years : 0
  const isStatic = e.schedule.kind === SCHEDULE_STATIC
  const trackingError = annualisedStdDev(
    squaredDeviations(acc[TRACKING_SUM]!, acc[TRACKING_SQUARES]!, count),
    count,
    stepsPerYear,
  )
  syncBenchmarkValues(e, hodlValue)
  const benchmarksOut: Record<string, BenchmarkResult> = {}
  e.benchmarks.names.forEach((name, b) => {
    benchmarksOut[name] = {
      value: e.benchmarkValues[b]!,
      returnVsHodl: e.benchmarkValues[b]! / hodlValue - 1,
      tradingCost: e.benchmarkCosts[b]!,
      rebalances: e.benchmarkRebalances[b]!,
      trackingError:
        e.benchmarks.kinds[b] === BENCHMARK_CONSTANT_MIX
          ? trackingError
          : annualisedStdDev(
              squaredDeviations(e.benchmarkSums[3 * b + 1]!, e.benchmarkSums[3 * b + 2]!, count),
              count,
              stepsPerYear,
            ),
      // set below, from the period samples
      informationRatio: null,
      // Stryker disable next-line ArrayDeclaration: a placeholder, replaced below from the period samples
      risk: riskFiguresOf([], 1),
    }
  })
  const notes: string[] = []
  if (acc[CAP_BINDS]! > 0)
    notes.push(
      `The 30% in/out limit cut the arbitrageur's optimal trade in ${acc[CAP_BINDS]} of ${acc[ARB_TRADES]} arbitrage transactions; the pool stayed off the market price after them.`,
    )
  if (acc[NOISE_CAP_BINDS]! > 0)
    notes.push(
      `The 30% in/out limit cut ${acc[NOISE_CAP_BINDS]} of ${acc[NOISE_TRADES]} noise trades.`,
    )
  if (e.blockClock !== undefined)
    notes.push(
      `Random blocks: ${e.blockClock.blockSteps} steps held a block; the arbitrageur traded in ${acc[ARB_TRADES]} of them.`,
    )
  if (config.agents.some((agent) => agent.type === 'noise' && agent.demand !== undefined))
    notes.push(
      `Fee-elastic flow: ${acc[NOISE_TRADES]} of ${acc[NOISE_TRADES]! + acc[NOISE_ROUTED_AWAY]!} noise arrivals traded on the pool, ${acc[NOISE_ROUTED_AWAY]} went to the outside venue.`,
    )
  const shortfall = acc[ARB_IDEAL_PROFIT]! - acc[ARB_REALISED_PROFIT]!
  if (
    n > 2 &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: without a trade both profits are 0, and |0| > 0 is false
    acc[ARB_TRADES]! > 0 &&
    Math.abs(shortfall) > 1e-9 * Math.abs(acc[ARB_IDEAL_PROFIT]!)
  )
    notes.push(
      `Executing multi-token arbitrages as pairwise swaps realised ${fmt(acc[ARB_REALISED_PROFIT]!)} against the closed-form ${fmt(acc[ARB_IDEAL_PROFIT]!)} (before gas; difference ${fmt(shortfall)}).`,
    )
  const sampled = e.sampleCount
  const riskFreeRate = config.riskFreeRate ?? 0
  const periodsPerYear = SECONDS_PER_YEAR / periods.period
  const lpPeriods = periods.values[0]!
  const risk = riskFiguresOf(lpPeriods, periodsPerYear, riskFreeRate)
  e.benchmarks.names.forEach((name, b) => {
    const values = periods.values[1 + b]!
    benchmarksOut[name]!.informationRatio = informationRatioOf(lpPeriods, values, periodsPerYear)
    benchmarksOut[name]!.risk = riskFiguresOf(values, periodsPerYear, riskFreeRate)
  })
  if (
    // Stryker disable next-line LogicalOperator,ConditionalExpression: riskFiguresOf gives a null Sharpe ratio for fewer than MIN_RISK_PERIODS returns, so the count's test implies this one
    risk.sharpeRatio === null &&
    lpPeriods.length - 1 < MIN_RISK_PERIODS
  )
    notes.push(
      `Risk metrics (Sharpe, Sortino, Calmar, Value-at-Risk, expected shortfall, information ratios) need at least ${MIN_RISK_PERIODS} full periods of ${periodText(periods.period)}; this run has ${lpPeriods.length - 1}, so they are null.`,
    )
  // Return decomposition: S the fee-free pool with the start weights (closed form, Evans 2020),
  // W the fee-free shadow with the run's weights (the step loop's, or S for static weights).
  let staticShadow = Math.log(initialValue)
  for (let k = 0; k < n; k++)
    staticShadow += config.pool.weights[k]! * Math.log(endPrices[k]! / startPrices[k]!)
  const shadowStatic = Math.exp(staticShadow)
  // The shadow at the end prices under the last weights: prod (S_k p_k / w_k)^(w_k) (a momentum
  // shadow was last brought to the market at its last retarget).
  let shadowLog = 0
  for (let k = 0; k < n; k++) {
    const w = e.weights[k]!
    shadowLog += w * Math.log((e.shadowBalances[k]! * endPrices[k]!) / w)
  }
  const shadowScheduled = Math.exp(shadowLog)
  const shadowValue = isStatic ? shadowStatic : shadowScheduled
  return {
    tokens: source.tokens,
    numeraire: source.numeraire,
    steps: source.steps,
    startTime: source.startTime,
    endTime,
    metrics: {
      lpValue,
      hodlValue,
      returnVsHodl: lpValue / hodlValue - 1,
      impermanentLoss: (lpValue - feesAtEnd) / hodlValue - 1,
      impermanentLossClosedForm: isStatic
        ? impermanentLossClosedForm(startPrices, endPrices, config.pool.weights)
        : null,
      feeIncome: acc[FEE_INCOME]!,
      lvr: acc[LVR]!,
      arbProfit: acc[ARB_PROFIT]!,
      volume: acc[VOLUME]!,
      trades: acc[TRADES]!,
      trackingError,
      weightDeviation: {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: count >= 1, a run has at least one step after the start
        mean: count > 0 ? acc[DEVIATION_SUM]! / count : 0,
        max: acc[DEVIATION_MAX]!,
      },
      maxDrawdown: acc[MAX_DRAWDOWN]!,
      // Stryker disable next-line ConditionalExpression,EqualityOperator: years > 0, as for stepsPerYear
      annualisedReturn: years > 0 ? Math.log(lpValue / initialValue) / years : 0,
      annualisedVolatility: annualisedStdDev(
        squaredDeviations(acc[RETURN_SUM]!, acc[RETURN_SQUARES]!, count),
        count,
        stepsPerYear,
      ),
      arbFees: acc[ARB_FEES]!,
      noiseFees: acc[NOISE_FEES]!,
      gasPaid: acc[GAS_PAID]!,
      externalCosts: acc[EXTERNAL_COSTS]!,
      arbTrades: acc[ARB_TRADES]!,
      ...competitionFigures(config, e),
      capBinds: acc[CAP_BINDS]!,
      noiseTrades: acc[NOISE_TRADES]!,
      noiseVolume: acc[NOISE_VOLUME]!,
      noiseCapBinds: acc[NOISE_CAP_BINDS]!,
      marketPnl: acc[MARKET_PNL]!,
      ...(e.swapFeeState !== undefined ? { swapFee: swapFeeSummary(e.swapFeeState) } : {}),
      risk: { period: periods.period, periods: lpPeriods.length - 1, riskFreeRate, ...risk },
      returnDecomposition: {
        lpReturn: lpValue / initialValue - 1,
        hodlReturn: hodlValue / initialValue - 1,
        divergenceLoss: (shadowStatic - hodlValue) / initialValue,
        weightRule: (shadowValue - shadowStatic) / initialValue,
        fees: (lpValue - shadowValue) / initialValue,
        // A fixed fee is its own fixed-fee run; with a rule runSimulationWithLoop sets these
        // from the counterfactual run.
        feesAtFixedFee: (lpValue - shadowValue) / initialValue,
        dynamicFee: 0,
        fixedFee: { swapFee: config.pool.swapFee, lpReturn: lpValue / initialValue - 1 },
      },
    },
    benchmarks: benchmarksOut,
    series: {
      columns,
      data: e.series.map((column) => column.subarray(0, sampled)),
      sampleEvery: e.sampleEvery,
    },
    notes,
    warnings: source.notes === undefined ? [] : priceWarnings(source.notes),
    ...(source.notes !== undefined ? { data: source.notes } : {}),
  }
}

/**
 * With two or more arbitrageurs or an `arbitrage` option: the builder's take (`priorityFees`) and
 * the per-arbitrageur figures (a lone arbitrageur's are the run's totals). Otherwise nothing, so
 * the reports of single-arbitrageur scenarios stay as they were, byte for byte.
 */
function competitionFigures(
  config: ResolvedSimulationConfig,
  e: EngineState,
): { priorityFees?: number; arbitrageurs?: ArbitrageurFigures[] } {
  const agents = config.agents.flatMap((agent, index) =>
    agent.type === 'arbitrageur' ? [index] : [],
  )
  if (agents.length < 2 && config.arbitrage === undefined) return {}
  const acc = e.acc
  const c = e.competitors
  const arbitrageurs = agents.map((agent, j): ArbitrageurFigures => {
    if (c === undefined)
      return {
        agent,
        blocksWon: acc[ARB_TRADES]!,
        profit: acc[ARB_PROFIT]!,
        gasPaid: acc[GAS_PAID]!,
        externalFees: acc[EXTERNAL_COSTS]!,
        priorityFees: 0,
      }
    const at = FIGURE_SIZE * j
    const f = c.figures
    return {
      agent,
      // Stryker disable next-line ArithmeticOperator: FIGURE_BLOCKS_WON is 0, at - 0 = at + 0
      blocksWon: f[at + FIGURE_BLOCKS_WON]!,
      profit: f[at + FIGURE_PROFIT]!,
      gasPaid: f[at + FIGURE_GAS_PAID]!,
      externalFees: f[at + FIGURE_EXTERNAL_FEES]!,
      priorityFees: f[at + FIGURE_PRIORITY_FEES]!,
    }
  })
  return { priorityFees: acc[PRIORITY_FEES]!, arbitrageurs }
}

/** Mean, smallest and largest fee over steps 1 to the end (a run has at least one step). */
function swapFeeSummary(f: SwapFeeState): { mean: number; min: number; max: number } {
  return { mean: f.feeStart + f.feeSum / f.feeCount, min: f.feeMin, max: f.feeMax }
}
