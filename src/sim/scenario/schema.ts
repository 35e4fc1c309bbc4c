/**
 * The scenario file's shape, as one zod definition: validation (`validate.ts`) and the published
 * JSON Schema (`schema/scenario.schema.json`, written by `scripts/schema.ts`) both come from it.
 * Units follow house style 4: fractions for weights and fees, numeraire units for values and
 * prices, durations as strings ("12s", "1h", "365d") or seconds, annualised volatility and drift.
 * Cross-field rules (weights per token, sum to 1, prices per token, …) are in `validate.ts`.
 */
import { z } from 'zod'
import { DURATION_PATTERN } from './duration.js'
import { compileDateFormat } from '../prices/csv/timestamp.js'

// The pool's own limits (Balancer V2's): one definition, in the pool layer.
import { MAX_SWAP_FEE, MAX_TOKENS, MIN_SWAP_FEE, MIN_WEIGHT } from '../../pool/float/checks.js'

/**
 * Largest `pool.initialValue`, numeraire units: 1e15 (a thousand trillion dollars, ten times
 * world GDP). With prices inside [MIN_PRICE, MAX_PRICE (engine)] every balance (`w V / p` <= 1e215),
 * value, fee sum and volume over 1e8 steps stays far below float64's 1.8e308, and the
 * exact maths' 18-decimal amounts (1e33) below uint256. 1e308 overflowed on the first trade.
 */
export const MAX_INITIAL_VALUE = 1e15
/** Pool math engines a scenario may name: float64, or a Balancer generation's integer math. */
export const POOL_MATHS = ['float', 'exact-v2-2021', 'exact-v2', 'exact-v3'] as const

/** Price models a scenario may name in `prices.model`. */
export const PRICE_MODELS = [
  'gbm',
  'jump-diffusion',
  'regime-switching',
  'ou',
  'bootstrap',
  'constant',
  'ramp',
  'step',
  'mixed',
  'csv',
] as const

/** Price-file formats accepted by `prices.format`. */
export const PRICE_FORMATS = [
  'auto',
  'wide',
  'long',
  'binance',
  'coingecko',
  'yahoo',
  'coinmarketcap',
  'ohlc',
] as const

const durationError = 'expected a duration such as "12s", "5m", "1h", "365d" or seconds'
const duration = z
  .union([z.string().regex(DURATION_PATTERN, { error: durationError }), z.number().nonnegative()])
  .meta({ description: 'A duration: "12s", "5m", "1h", "365d" (units s m h d w y) or seconds' })

const symbol = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a token symbol such as "ETH"' })
const positive = z.number().positive()
const byToken = (value: z.ZodNumber, what: string) =>
  z.record(z.string(), value).meta({ description: `${what}, by token symbol` })
const weightList = z.array(z.number().min(MIN_WEIGHT).max(1)).min(2).max(MAX_TOKENS)

/** Fields every dynamic-weight rule takes: its update interval and the guardrails. */
const ruleCommon = {
  updateInterval: duration.meta({
    description:
      'Time between rule updates ("1d", "1h" or seconds, > 0); the weights move to each new target over it',
  }),
  maxWeightChange: z.number().positive().max(1).optional().meta({
    description: 'Largest change of any weight per update, fraction; default no cap',
  }),
  minWeight: z.number().min(MIN_WEIGHT).max(1).optional().meta({
    description: 'Smallest weight of any token, fraction >= 0.01; default 0.01',
  }),
  maxWeight: z.number().min(MIN_WEIGHT).max(1).optional().meta({
    description: 'Largest weight of any token, fraction; default 0.99',
  }),
  interpolate: z.boolean().optional().meta({
    description:
      'Move the weights linearly per step to each target over the interval (default true) or jump at the update',
  }),
}
const memoryDays = z.number().positive().meta({
  description: 'Memory of the EW estimators, days (> 0): λ from the QuantAMM memory relation',
})
const aggressiveness = z.number().nonnegative().meta({
  description:
    'k: weight change per unit of signal (gradient: fraction of price per update interval)',
})
const exponent = z.number().positive().optional().meta({
  description: 'q: the signal is sign(g) |g|^q; default 2',
})
const gradientRule = (type: 'ew-momentum' | 'anti-momentum') =>
  z.object({ type: z.literal(type), memoryDays, aggressiveness, ...ruleCommon }).strict()

const schedule = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('static') }).strict(),
    z
      .object({
        type: z.literal('linear'),
        startTime: duration.meta({ description: 'When the move starts, from the path start' }),
        endTime: duration.meta({ description: 'When the weights reach endWeights' }),
        endWeights: weightList,
      })
      .strict(),
    z
      .object({
        type: z.literal('piecewise'),
        points: z
          .array(z.object({ time: duration, weights: weightList }).strict())
          .min(1)
          .meta({ description: 'Weights reached at each time; linear in between' }),
      })
      .strict(),
    z
      .object({
        type: z.literal('momentum'),
        everySteps: z.int().positive().meta({ description: 'Retarget every n steps' }),
        lookbackSteps: z.int().positive().meta({ description: 'Steps of past returns used' }),
        strength: z.number().nonnegative().meta({ description: 'Tilt per unit of log return' }),
      })
      .strict(),
    gradientRule('ew-momentum'),
    gradientRule('anti-momentum'),
    z
      .object({
        type: z.literal('power-channel'),
        memoryDays,
        aggressiveness,
        exponent,
        ...ruleCommon,
      })
      .strict(),
    z
      .object({
        type: z.literal('mean-reversion-channel'),
        memoryDays,
        aggressiveness,
        exponent,
        width: z.number().positive().meta({
          description:
            'Half-width of the reverting band, in gradient units (fraction of price per update)',
        }),
        amplitude: z.number().nonnegative().optional().meta({
          description: 'Strength of the reversion inside the band; default 1',
        }),
        ...ruleCommon,
      })
      .strict(),
    z.object({ type: z.literal('min-variance'), memoryDays, ...ruleCommon }).strict(),
    z
      .object({
        type: z.literal('market-cap'),
        caps: z
          .array(
            z
              .object({
                time: duration,
                caps: z.array(z.number().positive()).min(2).max(MAX_TOKENS),
              })
              .strict(),
          )
          .min(1)
          .optional()
          .meta({
            description:
              'Market caps by token (numeraire units) from each time on; the target is caps / sum. Give caps or capsFile',
          }),
        capsFile: z.string().min(1).optional().meta({
          description:
            'A CSV of caps, relative to the scenario: a timestamp column, then one column per token symbol (the wide price format)',
        }),
        ...ruleCommon,
      })
      .strict(),
  ])
  .meta({ description: 'How the weights move with time; default static' })

const ruleFee = z.number().min(MIN_SWAP_FEE).max(MAX_SWAP_FEE)
const swapFeeRuleBounds = {
  min: ruleFee.optional().meta({ description: 'Smallest fee the rule sets; default 0.000001' }),
  max: ruleFee.optional().meta({ description: 'Largest fee the rule sets; default 0.1' }),
  everySteps: z
    .int()
    .positive()
    .optional()
    .meta({ description: 'Set the fee every n steps; default 1' }),
  halfLife: duration.optional().meta({
    description: 'Half-life of the volatility and volume averages; default "1d"',
  }),
}
const swapFeeRule = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('fixed') }).strict(),
    z
      .object({
        type: z.enum(['volatility', 'gas', 'volume', 'deviation']),
        base: z.number().meta({ description: 'Fee at input 0 (fraction)' }),
        slope: z.number().meta({ description: 'Fee per unit of the input' }),
        ...swapFeeRuleBounds,
      })
      .strict(),
    z
      .object({
        type: z.literal('expression'),
        expression: z.string().min(1).max(2_000).meta({
          description:
            'A mathjs expression over volatility, gas, volume, deviation, swapFee, time, lpValue',
        }),
        ...swapFeeRuleBounds,
      })
      .strict(),
  ])
  .meta({
    description:
      'A dynamic swap fee (docs/dynamic-fees.md): clamp(base + slope * input, min, max) on one input, or an expression; default fixed',
  })

const pool = z
  .object({
    tokens: z
      .array(symbol)
      .min(2)
      .max(MAX_TOKENS)
      .meta({ description: 'Token symbols, 2 to 8, in pool order' }),
    weights: weightList.meta({
      description: 'Normalized weights by token, each >= 0.01, summing to 1',
    }),
    swapFee: z.number().min(0).max(MAX_SWAP_FEE).meta({
      description: 'Fraction of the amount in kept by the pool: 0.000001 to 0.1, or 0 (theory)',
    }),
    initialValue: positive.max(MAX_INITIAL_VALUE).default(1_000_000).meta({
      description: 'Pool value at the start in numeraire units, at most 1e15; default 1000000',
    }),
    math: z.enum(POOL_MATHS).default('float').meta({
      description:
        'Pool math: "float" (default, fast) or the exact on-chain integer math of Balancer "exact-v2-2021", "exact-v2" or "exact-v3"',
    }),
    decimals: z.array(z.int().min(0).max(18)).min(2).max(MAX_TOKENS).optional().meta({
      description:
        'Token decimals by token (exact maths; e.g. 6 for USDC); default 18 each; ignored by "float"',
    }),
    schedule: schedule.optional(),
    swapFeeRule: swapFeeRule.optional(),
  })
  .strict()

const startTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.int().nonnegative()])
  .optional()
  .meta({ description: 'Date of the first point (ISO) or Unix seconds; default 2025-01-01' })
const syntheticCommon = {
  numeraire: symbol.meta({ description: 'Token all prices are quoted in' }),
  start: byToken(positive, 'Price at the start in numeraire units'),
  dt: duration.meta({ description: 'Time step of the path' }),
  horizon: duration.meta({ description: 'Length of the path' }),
  startTime,
  correlation: z
    .union([z.number().min(-1).max(1), z.array(z.array(z.number().min(-1).max(1)))])
    .optional()
    .meta({
      description:
        'Correlation of the Brownian parts: one number for every pair, or a matrix over the non-numeraire tokens in pool order',
    }),
}
const drift = byToken(z.number(), 'Annual drift mu in dS/S = mu dt + sigma dW').optional()
const volatility = byToken(z.number().nonnegative(), 'Annual volatility of log returns')
const durationByToken = (what: string) =>
  z.record(z.string(), duration).meta({ description: `${what}, by token symbol` })
const shock = z
  .object({
    at: duration.meta({ description: 'When the shock hits, from the start' }),
    size: z.number().gt(-1).meta({ description: 'Fraction of the price (-0.1 = a 10 % drop)' }),
  })
  .strict()
const regimeFields = {
  calmDuration: duration.meta({ description: 'Mean time in calm before a crisis' }),
  crisisDuration: duration.meta({ description: 'Mean time a crisis lasts' }),
  startRegime: z.enum(['calm', 'crisis']).optional(),
}

const gbm = z.object({ model: z.literal('gbm'), ...syntheticCommon, drift, volatility }).strict()
const jumpDiffusion = z
  .object({
    model: z.literal('jump-diffusion'),
    ...syntheticCommon,
    drift,
    volatility,
    jumpIntensity: byToken(z.number().nonnegative(), 'Expected jumps per year'),
    jumpMean: byToken(z.number(), 'Mean log jump size; default 0').optional(),
    jumpStdDev: byToken(z.number().nonnegative(), 'Standard deviation of the log jump size'),
  })
  .strict()
const regimeSwitching = z
  .object({
    model: z.literal('regime-switching'),
    ...syntheticCommon,
    drift,
    volatility,
    crisisDrift: byToken(z.number(), 'Annual drift in a crisis; default 0').optional(),
    crisisVolatility: byToken(z.number().nonnegative(), 'Annual volatility in a crisis'),
    ...regimeFields,
  })
  .strict()
const ou = z
  .object({
    model: z.literal('ou'),
    ...syntheticCommon,
    level: byToken(positive, 'Peg the log price reverts to; default 1').optional(),
    halfLife: durationByToken('Time for a deviation to halve'),
    volatility,
    shock: z.record(z.string(), shock).optional().meta({ description: 'A scheduled depeg' }),
  })
  .strict()
const constant = z.object({ model: z.literal('constant'), ...syntheticCommon }).strict()
const ramp = z
  .object({
    model: z.literal('ramp'),
    ...syntheticCommon,
    end: byToken(positive, 'Price at the last point'),
  })
  .strict()
const step = z
  .object({
    model: z.literal('step'),
    ...syntheticCommon,
    at: duration.meta({ description: 'When the step happens, from the start' }),
    factor: byToken(positive, 'Price multiplier at the step (0.5 = a 50 % crash); default 1'),
  })
  .strict()
const asset = z.discriminatedUnion('model', [
  z.object({ model: z.literal('constant') }).strict(),
  z
    .object({ model: z.literal('gbm'), drift: z.number().optional(), volatility: z.number() })
    .strict(),
  z
    .object({
      model: z.literal('jump-diffusion'),
      drift: z.number().optional(),
      volatility: z.number().nonnegative(),
      jumpIntensity: z.number().nonnegative(),
      jumpMean: z.number().optional(),
      jumpStdDev: z.number().nonnegative(),
    })
    .strict(),
  z
    .object({
      model: z.literal('regime-switching'),
      drift: z.number().optional(),
      volatility: z.number().nonnegative(),
      crisisDrift: z.number().optional(),
      crisisVolatility: z.number().nonnegative(),
    })
    .strict(),
  z
    .object({
      model: z.literal('ou'),
      level: positive.optional(),
      halfLife: duration,
      volatility: z.number().nonnegative(),
      shock: shock.optional(),
    })
    .strict(),
  z.object({ model: z.literal('ramp'), end: positive }).strict(),
  z.object({ model: z.literal('step'), at: duration, factor: positive }).strict(),
])
const mixed = z
  .object({
    model: z.literal('mixed'),
    ...syntheticCommon,
    assets: z
      .record(z.string(), asset)
      .meta({ description: 'A model per non-numeraire token (scalar parameters)' }),
    calmDuration: regimeFields.calmDuration.optional(),
    crisisDuration: regimeFields.crisisDuration.optional(),
    startRegime: regimeFields.startRegime,
  })
  .strict()
const priceFile = {
  numeraire: symbol.meta({ description: 'Token all prices are quoted in' }),
  format: z.enum(PRICE_FORMATS).default('auto').meta({ description: 'File format; default auto' }),
  file: z.string().min(1).optional().meta({
    description: 'One file with every token (relative to the scenario file)',
  }),
  files: z
    .record(z.string(), z.string().min(1))
    .optional()
    .meta({ description: 'One file per token symbol (relative to the scenario file)' }),
  price: z
    .enum(['close', 'open', 'typical'])
    .default('close')
    .meta({ description: 'Price of a bar to take; default close' }),
  sort: z
    .boolean()
    .optional()
    .meta({ description: 'Sort rows by time before the order and duplicate checks' }),
  duplicates: z.enum(['error', 'first', 'last']).optional().meta({
    description: 'Repeated timestamps: an error (default), or keep the first or last row',
  }),
  lenient: z
    .boolean()
    .optional()
    .meta({ description: 'Skip bad rows (listed in the report) instead of failing' }),
  utcOffset: z.number().min(-14).max(14).optional().meta({
    description: "Hours east of UTC the files' time labels are written in (3 for UTC+3); default 0",
  }),
  dateFormat: z
    .string()
    .refine((text) => typeof compileDateFormat(text) !== 'string', {
      error: (issue) => {
        const problem = compileDateFormat(String(issue.input))
        return typeof problem === 'string' ? `date format ${problem}` : 'bad date format'
      },
    })
    .optional()
    .meta({
      description:
        'Layout of the time cells, such as "MM/DD/YYYY HH:mm" (tokens YYYY MM M DD D HH H mm ss SSS); default ISO or epoch',
    }),
  symbol: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/, {
      error: 'expected a symbol such as "ETH" or a pair such as "ETH/USD"',
    })
    .optional()
    .meta({ description: 'Symbol of a single-asset "file" whose name gives none' }),
  gridOrigin: z.enum(['start', 'epoch']).default('start').meta({
    description:
      'Grid anchor: start (default) at the first common time, epoch at multiples of the step since 1970',
  }),
}
/** A point of a historical range: ISO date or date-time (UTC unless it has a zone), or Unix seconds. */
const rangePoint = (what: string) =>
  z
    .union([z.iso.datetime({ offset: true, local: true }), z.iso.date(), z.int().nonnegative()], {
      error: 'expected an ISO date or date-time (2021-01-31, 2021-01-31T12:00:00Z) or Unix seconds',
    })
    .optional()
    .meta({ description: `${what} (ISO date or date-time, or Unix seconds)` })
const bootstrap = z
  .object({
    model: z.literal('bootstrap'),
    ...priceFile,
    start: byToken(positive, "Price at the start; default the history's first").optional(),
    horizon: duration.meta({ description: 'Length of the resampled path' }),
    blockLength: z.int().positive().meta({ description: 'Steps per resampled block' }),
    startTime,
  })
  .strict()
const csv = z
  .object({
    model: z.literal('csv'),
    ...priceFile,
    dt: duration.optional().meta({ description: 'Grid step; default the coarsest file step' }),
    maxGap: duration.optional().meta({ description: 'Longest gap forward-filled; default dt' }),
    start: rangePoint('First grid time; default the start of the data'),
    end: rangePoint('Last grid time; default the end of the data'),
  })
  .strict()

const prices = z
  .discriminatedUnion('model', [
    gbm,
    jumpDiffusion,
    regimeSwitching,
    ou,
    bootstrap,
    constant,
    ramp,
    step,
    mixed,
    csv,
  ])
  .meta({ description: 'The price path: a synthetic model or historical files' })

const agent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('arbitrageur'),
      gasCost: z
        .union(
          [
            z.number().nonnegative().meta({ description: 'Numeraire per trade' }),
            z
              .object({
                distribution: z.literal('lognormal'),
                median: z.number().nonnegative().meta({ description: 'Numeraire per trade' }),
                sigma: z.number().nonnegative().meta({ description: 'Std. dev. of log gas' }),
              })
              .strict()
              .meta({ description: 'A fresh log-normal draw each step (docs/order-flow.md)' }),
            z
              .object({
                file: z.string().min(1).meta({
                  description:
                    'CSV of timestamp,gas (numeraire per trade), relative to the scenario',
                }),
              })
              .strict()
              .meta({ description: 'A time series: the row in force at each step' }),
          ],
          {
            error:
              'expected a number >= 0 (numeraire per trade), {"distribution": "lognormal", "median": number >= 0, "sigma": number >= 0} or {"file": "gas.csv"}',
          },
        )
        .optional()
        .meta({ description: 'Numeraire per trade: a constant or a distribution' }),
      externalFee: z.number().min(0).max(0.1).optional().meta({
        description: 'Fraction paid on the external venue per unit traded',
      }),
      everySteps: z.int().positive().optional().meta({ description: 'Acts every k steps' }),
      blocks: z
        .object({
          type: z.literal('poisson'),
          meanInterval: positive.meta({ description: 'Mean seconds between blocks' }),
        })
        .strict()
        .optional()
        .meta({
          description: 'Random (Poisson) block times; absent: every everySteps steps (fixed)',
        }),
    })
    .strict(),
  z
    .object({
      type: z.literal('noise'),
      tradesPerDay: z.number().nonnegative().meta({ description: 'Mean trades per day' }),
      medianSize: positive.meta({ description: 'Median trade size in numeraire units' }),
      sizeSigma: z.number().nonnegative().optional().meta({ description: 'Std. dev. of log size' }),
      demand: z
        .object({
          elasticity: z.number().positive().max(100).meta({
            description: 'ε: pool share 1 / (1 + (cost / outsideCost)^ε) of each arrival',
          }),
          outsideCost: z.number().positive().lt(1).meta({
            description: "Outside venue's all-in cost per unit of notional (fraction)",
          }),
          referenceSwapFee: z.number().min(0).lt(1).meta({
            description: 'Fee at which the pool sees tradesPerDay small trades a day (fraction)',
          }),
        })
        .strict()
        .optional()
        .meta({ description: 'Fee-elastic flow (docs/order-flow.md); absent: fee-blind' }),
    })
    .strict(),
])

const benchmarkName = z.string().min(1).optional().meta({ description: 'Key in the report' })
const benchmark = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hodl'), name: benchmarkName }).strict(),
  z.object({ type: z.literal('constant-mix'), name: benchmarkName }).strict(),
  z
    .object({
      type: z.literal('periodic'),
      name: benchmarkName,
      everySteps: z.int().positive(),
      costBps: z.number().nonnegative().meta({ description: 'Trading cost in basis points' }),
    })
    .strict(),
  z
    .object({
      type: z.literal('threshold'),
      name: benchmarkName,
      band: z.number().positive().max(1).meta({ description: 'Weight drift that triggers' }),
      costBps: z.number().nonnegative().meta({ description: 'Trading cost in basis points' }),
    })
    .strict(),
])

const sweep = z
  .object({
    zip: z.array(z.array(z.string()).min(2)).optional().meta({
      description:
        'Groups of swept fields that move together (lists of equal length); every other field is crossed with the rest',
    }),
  })
  .catchall(
    z.array(z.unknown()).min(1).meta({
      description:
        'The values a field takes, keyed by its path: "pool.swapFee", "pool.weights", "prices.volatility.ETH"',
    }),
  )
  .meta({ description: 'A grid over scenario fields: one cell per combination of values' })

// `amm-sim regress`: how far each figure may move from its baseline (docs/regression.md, "Tolerances").
const tolerance = z
  .object({
    relative: z.number().nonnegative().optional().meta({
      description: 'Fraction of the baseline figure (0.01 = 1 %)',
    }),
    absolute: z.number().nonnegative().optional().meta({
      description: "In the figure's own unit (numeraire, fraction, count)",
    }),
  })
  .strict()
const regress = z
  .object({
    tolerances: z.record(z.string().min(1), tolerance).optional().meta({
      description:
        'By figure name ("lvr", "weightDeviation.mean", "benchmarks.hodl.value") or metric name ("value" for every benchmark); a figure holds when |now - baseline| <= max(absolute, relative * |baseline|)',
    }),
    alpha: z.number().gt(0).lt(0.5).optional().meta({
      description:
        'Monte Carlo check (a scenario with paths > 1): family-wise false-alarm rate over its figures and cells (Holm); default 0.01',
    }),
    minEffect: z.number().nonnegative().optional().meta({
      description:
        'Monte Carlo check: smallest shift of a mean flagged, as a fraction of the baseline mean; default 0.01',
    }),
  })
  .strict()
  .meta({ description: 'Settings of amm-sim regress for this scenario' })

/** The zod definition of a scenario file; `validateScenario` adds the cross-field rules. */
export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, {
        error:
          'expected a name of lower-case letters, digits, ".", "_" or "-" (it names the folder)',
      })
      .max(80)
      .meta({ description: 'Scenario name; the report folder is out/<name>' }),
    description: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\r\n]*$/, { error: 'expected one line' })
      .optional()
      .meta({
        description: 'One line saying what question the scenario answers (bundled ones have it)',
      }),
    seed: z
      .int()
      .min(0)
      .max(4_294_967_295)
      .default(1)
      .meta({ description: 'Seed of every random stream; default 1' }),
    pool,
    prices,
    agents: z
      .array(agent)
      .default([{ type: 'arbitrageur' }])
      .meta({ description: 'Traders, in the order they act; default one arbitrageur' }),
    arbitrage: z
      .object({
        competition: z.enum(['winner-keeps', 'priority-auction']).meta({
          description:
            "winner-keeps: the best net trade wins and keeps its profit; priority-auction: the winner pays the runner-up's net profit to the block builder",
        }),
      })
      .strict()
      .optional()
      .meta({
        description:
          'How several arbitrageurs compete for each block (docs/order-flow.md); absent: winner-keeps',
      }),
    benchmarks: z
      .array(benchmark)
      .default([{ type: 'hodl' }, { type: 'constant-mix' }])
      .meta({ description: 'Strategies compared with the LP; default hodl and constant-mix' }),
    sweep: sweep.optional(),
    paths: z.int().min(1).max(1_000_000).optional().meta({
      description:
        'Monte Carlo paths per sweep cell (synthetic or bootstrap prices); default 1. Each (cell, path) has its own seed, unless commonPaths',
    }),
    windows: z
      .object({
        length: duration.meta({ description: 'Length of each window, e.g. "90d"' }),
        every: duration.meta({ description: 'Step between window starts, e.g. "30d"' }),
      })
      .strict()
      .optional()
      .meta({
        description:
          'Historical prices (model "csv"): one path per rolling window over the file instead of the whole file',
      }),
    commonPaths: z.boolean().optional().meta({
      description:
        "Common random numbers: every cell's path p has the same seed (prices, noise trades, gas), and the sweep adds the paired differences of each cell from its reference cell; default false",
    }),
    compareTo: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'With commonPaths: the reference cell of the differences, by swept field and value ({"pool.swapFee": 0.003}); fields not named keep the compared cell\'s own value. Default: cell 0',
    }),
    seriesPoints: z
      .int()
      .min(10)
      .max(100_000)
      .default(500)
      .meta({ description: 'Points kept in timeseries.csv and the charts; default 500' }),
    riskFreeRate: z.number().gt(-1).max(10).optional().meta({
      description:
        'Annual risk-free rate of the Sharpe and Sortino ratios, a fraction (0.04 = 4 % a year); default 0',
    }),
    regress: regress.optional(),
  })
  .strict()
  .meta({
    title: 'amm-sim scenario',
    description: 'A weighted-pool simulation: pool, price path, agents and benchmarks',
  })

/** A scenario after validation, defaults filled in. */
export type Scenario = z.output<typeof scenarioSchema>
/**
 * What a scenario may be written as, in code: the scenario file's fields, with optional ones
 * (`seed`, `agents`, `benchmarks`, `seriesPoints`, `pool.initialValue`, `pool.math`, …) left
 * out and durations as strings (`"12s"`, `"365d"`) or seconds. Units as in scenario files: weights
 * and fees as fractions, prices in numeraire units, drift and volatility annual. `createScenario`
 * validates one into a {@link Scenario} with the defaults filled in.
 */
export type ScenarioInput = z.input<typeof scenarioSchema>
/** The price section of a {@link Scenario}. */
export type ScenarioPrices = Scenario['prices']

/**
 * The published JSON Schema of scenario files (draft 2020-12), derived from
 * {@link scenarioSchema} so the two cannot drift. Describes the input: defaults are optional.
 * @returns the text of `schema/scenario.schema.json`, two-space indent, final newline
 * @example JSON.parse(scenarioJsonSchemaText()).title // 'amm-sim scenario'
 */
export function scenarioJsonSchemaText(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' })
  return `${JSON.stringify(schema, null, 2)}\n`
}
