/**
 * Small random scenarios for the differential tests: 2-8 tokens, fees 0-10 %, gas, external fee,
 * every-k-step arbitrage, noise traders, every benchmark and every weight schedule, on short
 * seeded GBM paths (a plain loop over the project's generator; not code under test).
 */
import {
  createRng,
  sourceFromPath,
  type AgentSpec,
  type PricePath,
  type Rng,
  type SwapFeeRuleSpec,
  type ResolvedSimulationConfig as SimulationConfig,
  type WeightScheduleSpec,
} from '../../src/index.js'

/** Seconds per 365-day year. */
const YEAR = 31_536_000

/** A config and the path its source yields. */
export interface RandomScenario {
  config: SimulationConfig
  path: PricePath
  /** What was drawn, in words, for failure messages. */
  label: string
}

const pick = <T>(rng: Rng, items: readonly T[]): T =>
  items[Math.floor(rng.nextFloat() * items.length)]!
const logUniform = (rng: Rng, lo: number, hi: number) =>
  Math.exp(Math.log(lo) + rng.nextFloat() * (Math.log(hi) - Math.log(lo)))

/** Random weights >= 2 %, summing to 1. */
function randomWeights(rng: Rng, n: number): number[] {
  const raw = Array.from({ length: n }, () => 0.2 + rng.nextFloat())
  const sum = raw.reduce((a, b) => a + b, 0)
  const w = raw.map((x) => x / sum)
  // Put the rounding remainder on the largest weight so the sum is 1 to the last ulp or two.
  const rest = 1 - w.reduce((a, b) => a + b, 0)
  const big = w.indexOf(Math.max(...w))
  w[big] = w[big]! + rest
  return w
}

/**
 * A dynamic-weight rule with guardrails: updates every 1 to 10 steps, memory of 2 to 30 updates
 * (the reference's closed-form λ holds its digits there), bounds around the pool's weights.
 */
function randomRule(
  rng: Rng,
  n: number,
  dt: number,
  span: number,
  weights: number[],
): WeightScheduleSpec {
  const type = pick(rng, [
    'ew-momentum',
    'anti-momentum',
    'power-channel',
    'mean-reversion-channel',
    'min-variance',
    'market-cap',
  ] as const)
  const updateInterval = dt * pick(rng, [1, 3, 10])
  const memoryDays = (updateInterval * (2 + 28 * rng.nextFloat())) / 86_400
  const minWeight = pick(rng, [0.01, Math.min(...weights) * 0.9])
  const maxWeight = pick(rng, [0.99, Math.max(...weights) + 0.05])
  return {
    type,
    updateInterval,
    memoryDays,
    aggressiveness: pick(rng, [0, 1, 20, 500]),
    exponent: pick(rng, [0.5, 2, 3]),
    width: pick(rng, [0.01, 0.1]),
    amplitude: pick(rng, [0.5, 2]),
    minWeight,
    maxWeight: Math.min(0.99, maxWeight),
    ...(rng.nextFloat() < 0.5 ? { maxWeightChange: pick(rng, [0.001, 0.02, 0.2]) } : {}),
    interpolate: rng.nextFloat() < 0.7,
    caps: [
      { time: 0, caps: randomWeights(rng, n).map((w) => w * 1e9) },
      { time: Math.floor(span / 2), caps: randomWeights(rng, n).map((w) => w * 1e9) },
    ],
  }
}

/**
 * Scenario number `index` of the seeded family `seed`.
 * @param options.tokens - force the number of tokens (default: drawn, 2 to 8)
 * @param options.forceArbitrageur - always include an arbitrageur
 * @param options.rules - draw a dynamic-weight rule (docs/strategies.md) as the schedule
 * @param options.competing - always add 1 or 2 competing arbitrageurs (default: a quarter of the
 *   scenarios with an arbitrageur get them)
 */
export function randomScenario(
  seed: number,
  index: number,
  options: {
    tokens?: number
    forceArbitrageur?: boolean
    rules?: boolean
    swapFeeRule?: boolean
    competing?: boolean
  } = {},
): RandomScenario {
  const rng = createRng(seed, 'reference-scenario', index)
  const n = options.tokens ?? pick(rng, [2, 2, 2, 3, 3, 4, 5, 6, 8])
  // Enumerating 3^n signatures per step is slow for many tokens: shorter paths there.
  const steps =
    n >= 6 ? 40 + Math.floor(rng.nextFloat() * 30) : 80 + Math.floor(rng.nextFloat() * 120)
  const dt = pick(rng, [12, 3_600, 86_400])
  const sigma = pick(rng, [0.3, 0.8, 1.5])
  const hasNumeraire = rng.nextFloat() < 0.7
  const tokens = Array.from({ length: n }, (_, k) =>
    hasNumeraire && k === n - 1 ? 'USD' : `T${k}`,
  )
  const times = new Float64Array(steps)
  const prices = new Float64Array(steps * n)
  const start = 1_700_000_000
  for (let k = 0; k < n; k++) prices[k] = tokens[k] === 'USD' ? 1 : logUniform(rng, 1e-3, 1e4)
  const scale = sigma * Math.sqrt(dt / YEAR)
  for (let t = 0; t < steps; t++) {
    times[t] = start + t * dt
    if (t === 0) continue
    for (let k = 0; k < n; k++)
      prices[t * n + k] =
        tokens[k] === 'USD'
          ? 1
          : prices[(t - 1) * n + k]! * Math.exp(scale * rng.nextNormal() - (scale * scale) / 2)
  }
  const path: PricePath = { tokens, numeraire: 'USD', times, prices }
  const initialValue = logUniform(rng, 1e3, 1e8)
  const weights = randomWeights(rng, n)
  const swapFee = pick(rng, [0, 0, 1e-6, 1e-4, 0.003, 0.01, 0.05, 0.1])
  const agents: AgentSpec[] = []
  if (options.forceArbitrageur === true || rng.nextFloat() < 0.85)
    agents.push({
      type: 'arbitrageur',
      gasCost: rng.nextFloat() < 0.5 ? 0 : initialValue * logUniform(rng, 1e-8, 1e-4),
      externalFee: rng.nextFloat() < 0.5 ? 0 : pick(rng, [0.0005, 0.003, 0.02]),
      everySteps: pick(rng, [1, 1, 1, 2, 5]),
    })
  // A fifth of the arbitrageurs on Poisson blocks (everySteps 1), 0.3 to 3 steps apart on average.
  const arbitrageur = agents[0]
  if (arbitrageur?.type === 'arbitrageur' && rng.nextFloat() < 0.2) {
    arbitrageur.everySteps = 1
    arbitrageur.blocks = { type: 'poisson', meanInterval: dt * logUniform(rng, 0.3, 3) }
  }
  // A third of the gas costs as a log-normal distribution, a third as a time series
  // (docs/order-flow.md, "Gas"), drawn from
  // a stream of their own so the other draws of every scenario stay as they were.
  const gasRng = createRng(seed, 'reference-gas', index)
  if (arbitrageur?.type === 'arbitrageur' && gasRng.nextFloat() < 1 / 3) {
    const gas = arbitrageur.gasCost
    const median = typeof gas === 'number' && gas > 0 ? gas : initialValue * 1e-6
    arbitrageur.gasCost = { distribution: 'lognormal', median, sigma: pick(gasRng, [0, 0.5, 2]) }
  } else if (arbitrageur?.type === 'arbitrageur' && gasRng.nextFloat() < 1 / 2) {
    // A third as a time series: rows from before the start to past the end, some between steps.
    const rows = 1 + Math.floor(gasRng.nextFloat() * 6)
    const span = (steps - 1) * dt
    const times = Array.from({ length: rows }, () => (gasRng.nextFloat() * 1.4 - 0.2) * span)
      .sort((a, b) => a - b)
      .filter((t, i, all) => i === 0 || t > all[i - 1]!)
    arbitrageur.gasCost = {
      times,
      gas: times.map(() => initialValue * logUniform(gasRng, 1e-8, 1e-4)),
    }
  }
  const noiseCount = pick(rng, [0, 1, 1, 2])
  for (let j = 0; j < noiseCount; j++)
    agents.push({
      type: 'noise',
      // 0.2 to 3 arrivals per step on average.
      tradesPerDay: (logUniform(rng, 0.2, 3) * 86_400) / dt,
      // Up to 5 % of the pool with sigma 2: the 30 % limits bind now and then.
      medianSize: initialValue * logUniform(rng, 1e-5, 5e-2),
      sizeSigma: pick(rng, [0, 0.5, 1, 2]),
      // Half of them fee-elastic (docs/order-flow.md): elasticity 0.5 to 4, outside venue 0.05-1 %.
      ...(rng.nextFloat() < 0.5
        ? {
            demand: {
              elasticity: logUniform(rng, 0.5, 4),
              outsideCost: logUniform(rng, 0.0005, 0.01),
              referenceSwapFee: pick(rng, [0, 0.0005, 0.003, 0.01]),
            },
          }
        : {}),
    })
  // Competing arbitrageurs (docs/order-flow.md) from a stream of their own, so the other draws of
  // every scenario stay as they were: 1 or 2 more, in the first one's blocks, after the noise
  // traders, each with its own gas and external fee; the competition rule drawn too.
  const arbRng = createRng(seed, 'reference-arbitrageurs', index)
  let arbitrage: SimulationConfig['arbitrage']
  if (
    arbitrageur?.type === 'arbitrageur' &&
    (options.competing === true || arbRng.nextFloat() < 0.25)
  ) {
    const more = pick(arbRng, [1, 2])
    for (let j = 0; j < more; j++) {
      const scale = initialValue * logUniform(arbRng, 1e-8, 1e-4)
      const kind = pick(arbRng, ['constant', 'lognormal', 'series'] as const)
      const span = (steps - 1) * dt
      agents.push({
        type: 'arbitrageur',
        gasCost:
          kind === 'constant'
            ? scale
            : kind === 'lognormal'
              ? { distribution: 'lognormal', median: scale, sigma: pick(arbRng, [0.5, 1, 2]) }
              : { times: [0, span / 2], gas: [scale, scale * logUniform(arbRng, 0.1, 10)] },
        externalFee: pick(arbRng, [0, 0, 0.0005, 0.003]),
        ...(arbitrageur.everySteps !== undefined ? { everySteps: arbitrageur.everySteps } : {}),
        ...(arbitrageur.blocks !== undefined ? { blocks: { ...arbitrageur.blocks } } : {}),
      })
    }
    const competition = pick(arbRng, [
      'winner-keeps',
      'priority-auction',
      'priority-auction',
      'none',
    ] as const)
    if (competition !== 'none') arbitrage = { competition }
  }
  const span = (steps - 1) * dt
  const kind = options.rules
    ? 'rule'
    : pick(rng, ['static', 'linear', 'piecewise', 'momentum'] as const)
  let schedule: WeightScheduleSpec
  if (kind === 'rule') schedule = randomRule(rng, n, dt, span, weights)
  else if (kind === 'static') schedule = { type: 'static' }
  else if (kind === 'linear')
    schedule = {
      type: 'linear',
      startTime: Math.floor(span * 0.2 * rng.nextFloat()),
      endTime: Math.floor(span * (0.5 + 0.6 * rng.nextFloat())),
      endWeights: randomWeights(rng, n),
    }
  else if (kind === 'piecewise')
    schedule = {
      type: 'piecewise',
      points: [
        ...(rng.nextFloat() < 0.5 ? [{ time: 0, weights: randomWeights(rng, n) }] : []),
        { time: Math.floor(span * 0.3) + 1, weights: randomWeights(rng, n) },
        { time: Math.floor(span * 0.7) + 2, weights: randomWeights(rng, n) },
      ],
    }
  else
    schedule = {
      type: 'momentum',
      everySteps: pick(rng, [1, 3, 10]),
      lookbackSteps: pick(rng, [1, 5, 20]),
      strength: pick(rng, [0, 0.1, 1, 5]),
    }
  const config: SimulationConfig = {
    pool: { weights, swapFee, initialValue, schedule },
    prices: sourceFromPath(path),
    agents,
    benchmarks: [
      { type: 'hodl' },
      { type: 'constant-mix' },
      { type: 'periodic', everySteps: pick(rng, [1, 7, 30]), costBps: pick(rng, [0, 10, 50]) },
      { type: 'threshold', band: pick(rng, [0.01, 0.05, 0.2]), costBps: pick(rng, [0, 10, 50]) },
      { type: 'periodic', everySteps: 5, costBps: 30, name: 'weekly-ish' },
    ],
    seed: Math.floor(rng.nextFloat() * 1e9),
    ...(arbitrage !== undefined ? { arbitrage } : {}),
  }
  if (options.swapFeeRule === true) {
    // Its own stream: scenarios without a rule stay as they were.
    const draw = createRng(seed, 'reference-swap-fee-rule', index)
    config.pool.swapFeeRule = randomSwapFeeRule(draw, initialValue, dt)
  }
  const label = `scenario ${seed}/${index}: ${n} tokens, ${steps} steps of ${dt} s, sigma ${sigma}, fee ${swapFee}, agents ${JSON.stringify(agents)}, arbitrage ${JSON.stringify(arbitrage)}, schedule ${JSON.stringify(schedule)}, swapFeeRule ${JSON.stringify(config.pool.swapFeeRule)}`
  return { config, path, label }
}

/** A dynamic fee rule of every kind, scaled to the pool so the fee moves inside its bounds. */
function randomSwapFeeRule(rng: Rng, initialValue: number, dt: number): SwapFeeRuleSpec {
  const bounds = {
    min: pick(rng, [1e-6, 0.0005]),
    max: pick(rng, [0.01, 0.1]),
    everySteps: pick(rng, [1, 2, 7]),
    halfLife: pick(rng, [3 * dt, 86_400]),
  }
  const kind = pick(rng, ['volatility', 'gas', 'volume', 'deviation', 'expression'] as const)
  if (kind === 'volatility') return { type: kind, base: 0.0005, slope: 0.005, ...bounds }
  if (kind === 'gas') return { type: kind, base: 0.001, slope: 10 / initialValue, ...bounds }
  if (kind === 'volume') return { type: kind, base: 0.0005, slope: 0.01 / initialValue, ...bounds }
  if (kind === 'deviation') return { type: kind, base: 0.0005, slope: 0.1, ...bounds }
  return {
    type: kind,
    expression:
      'max(0.0005, min(0.05, 0.0005 + 0.005 * volatility + deviation / 10 + volume / lpValue / 1000)) + (gas > 1e300 ? 1 : 0) + 0 * swapFee * time',
    ...bounds,
  }
}
