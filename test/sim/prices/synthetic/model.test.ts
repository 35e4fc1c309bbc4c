import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import {
  createGbmSource,
  createModelSource,
  type MixedSpec,
  type ModelSpec,
} from '../../../../src/sim/prices/model.js'
import { collectPath } from '../../../../src/sim/prices/path.js'
import { createRng } from '../../../../src/sim/random.js'
import type { PricePath, PriceSource } from '../../../../src/sim/prices/types.js'
import { lazy } from '../../../lazy.js'

const D = Decimal.clone({ precision: 50 })
const DAY = 86_400

/** Reads a source with a fixed chunk size (the reader's own buffers of that many steps). */
function readInChunks(source: PriceSource, chunk: number): PricePath {
  const reader = source.open()
  const n = source.tokens.length
  const prices = new Float64Array(chunk * n)
  const times = new Float64Array(chunk)
  const out = {
    ...source,
    prices: new Float64Array(source.steps * n),
    times: new Float64Array(source.steps),
  }
  let at = 0
  for (let count = reader.next(prices, times); count > 0; count = reader.next(prices, times)) {
    out.prices.set(prices.subarray(0, count * n), at * n)
    out.times.set(times.subarray(0, count), at)
    at += count
  }
  expect(at).toBe(source.steps)
  return out
}

/** Bytewise equality of two arrays (vitest's deep equality is slow on 10^5 elements). */
function sameBytes(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  )
}

const history: PricePath = {
  tokens: ['WBTC'],
  numeraire: 'USD',
  times: new Float64Array([0, 3600, 7200, 10_800, 14_400]),
  prices: new Float64Array([30_000, 30_300, 29_900, 31_000, 30_500]),
}

/** Every model in one path, correlated, over more steps than one internal chunk (16 384). */
const everything: MixedSpec = {
  model: 'mixed',
  numeraire: 'USDC',
  start: { ETH: 2000, BTC: 30_000, USDC: 1, DAI: 1, WBTC: 30_000, LIN: 10, STP: 5, CON: 7 },
  assets: {
    ETH: { model: 'gbm', drift: 0.1, volatility: 0.8 },
    BTC: {
      model: 'jump-diffusion',
      volatility: 0.6,
      jumpIntensity: 50,
      jumpMean: -0.02,
      jumpStdDev: 0.05,
    },
    DAI: { model: 'ou', halfLife: DAY, volatility: 0.05, shock: { at: 7200, size: -0.1 } },
    WBTC: { model: 'bootstrap', history, blockLength: 2 },
    LIN: { model: 'ramp', end: 20 },
    STP: { model: 'step', at: 36_000, factor: 0.5 },
    CON: { model: 'regime-switching', volatility: 0.3, crisisVolatility: 1.5 },
  },
  calmDuration: 2 * DAY,
  crisisDuration: DAY,
  correlation: [
    [1, 0.5, 0.1, 0, 0, 0, 0.2],
    [0.5, 1, 0, 0, 0, 0, 0.3],
    [0.1, 0, 1, 0, 0, 0, 0],
    [0, 0, 0, 1, 0, 0, 0],
    [0, 0, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0, 1, 0],
    [0.2, 0.3, 0, 0, 0, 0, 1],
  ],
  dt: 3600,
  startTime: 1_700_000_000,
  steps: 40_001,
}

describe('determinism', () => {
  /** The source and its whole path, made in the first test that asks. */
  const sample = lazy(() => {
    const source = createModelSource(everything, 7, 'prices', 3)
    return { source, reference: collectPath(source) }
  })

  it('gives the same path for the same seed and stream, and on re-open', () => {
    const { source, reference } = sample()
    const again = collectPath(createModelSource(everything, 7, 'prices', 3))
    expect(sameBytes(again.prices, reference.prices)).toBe(true)
    expect(sameBytes(collectPath(source).prices, reference.prices)).toBe(true)
    expect(reference.prices.every((p) => p > 0 && Number.isFinite(p))).toBe(true)
  })

  it('does not depend on the chunk size', () => {
    const { source, reference } = sample()
    for (const chunk of [1, 7, 16_385, 40_001]) {
      const read = readInChunks(source, chunk)
      expect(sameBytes(read.prices, reference.prices)).toBe(true)
      expect(sameBytes(read.times, reference.times)).toBe(true)
    }
  })

  it('differs for another seed or stream key', () => {
    const { reference } = sample()
    const eth = (p: PricePath) => p.prices[8 * 100]
    expect(eth(collectPath(createModelSource(everything, 8, 'prices', 3)))).not.toBe(eth(reference))
    expect(eth(collectPath(createModelSource(everything, 7, 'prices', 4)))).not.toBe(eth(reference))
  })

  it('leaves a token path unchanged when another token is added', () => {
    const common = { model: 'gbm', numeraire: 'USD', dt: 60, steps: 500 } as const
    const alone = collectPath(
      createModelSource({ ...common, start: { ETH: 2000 }, volatility: { ETH: 0.8 } }, 1),
    )
    const pair = collectPath(
      createModelSource(
        { ...common, start: { ETH: 2000, BTC: 30_000 }, volatility: { ETH: 0.8, BTC: 0.6 } },
        1,
      ),
    )
    for (let s = 0; s < 500; s++) expect(pair.prices[2 * s]).toBe(alone.prices[s])
  })

  it('puts times on the grid startTime + s dt', () => {
    const { source, reference } = sample()
    for (let s = 0; s < reference.times.length; s += 1_001)
      expect(reference.times[s]).toBe(1_700_000_000 + s * 3600)
    expect(source.steps).toBe(40_001)
    expect(source.startTime).toBe(1_700_000_000)
    expect(source.dt).toBe(3600)
    expect(source.tokens).toEqual(['ETH', 'BTC', 'USDC', 'DAI', 'WBTC', 'LIN', 'STP', 'CON'])
  })
})

describe('grid', () => {
  it('counts floor(horizon / dt) + 1 points: 365 d of 12 s blocks is 2 628 001', () => {
    const source = createGbmSource(
      {
        numeraire: 'USDC',
        start: { ETH: 2000, USDC: 1 },
        volatility: { ETH: 0.8 },
        drift: { ETH: 0 },
        dt: 12,
        horizon: 365 * DAY,
      },
      1,
    )
    expect(source.steps).toBe(2_628_001)
    const short = {
      ...everything,
      assets: { ...everything.assets, WBTC: { model: 'constant' as const } },
    }
    expect(createModelSource({ ...short, horizon: 100, dt: 30, steps: undefined }, 1).steps).toBe(4)
  })
})

describe('gbm', () => {
  it.each([
    [12, 20_000], // steps of 12 s: the generator's series for e^s - 1
    [DAY, 2_000], // daily steps at 80 %: larger steps, Math.expm1
  ])(
    'is S_0 e^{sum of (mu - sigma^2/2) dt + sigma sqrt(dt) Z} on its own normals (dt %d s)',
    (dt, steps) => {
      const path = collectPath(
        createGbmSource(
          {
            numeraire: 'USD',
            start: { ETH: 2000 },
            volatility: { ETH: 0.8 },
            drift: { ETH: 0.1 },
            dt,
            steps,
          },
          5,
          'p',
        ),
      )
      expect(path.tokens).toEqual(['ETH'])
      // The diffusion stream of the token, as documented: (seed, stream keys, 'diffusion', symbol).
      const z = new Float64Array(steps - 1)
      createRng(5, 'p', 'diffusion', 'ETH').fillNormal(z)
      const years = new D(dt).div(31_536_000)
      const drift = new D(0.1).minus(new D(0.8).pow(2).div(2)).times(years)
      const sigma = new D(0.8).times(years.sqrt())
      // The log price summed in 50 digits, exponentiated once per step (error about 1 ulp). The
      // source multiplies S by e^s each step: at most about 1.5 ulp per step, 20 000 steps give
      // 20 000 x 1.7e-16 = 3.4e-12 in the worst case (a random walk, typically 1e-14).
      let log = new D(2000).ln()
      expect(path.prices[0]).toBe(2000)
      for (let s = 1; s < steps; s++) {
        log = log.plus(drift).plus(sigma.times(z[s - 1]!))
        const want = Math.exp(log.toNumber())
        const got = path.prices[s]!
        if (!(Math.abs(got / want - 1) < 4e-12)) expect.fail(`step ${s}: got ${got}, want ${want}`)
      }
    },
  )
})

describe('correlation', () => {
  it('gives the independent path for an identity matrix, another one otherwise', () => {
    const common = {
      model: 'gbm',
      numeraire: 'USD',
      start: { ETH: 2000, BTC: 30_000 },
      volatility: { ETH: 0.8, BTC: 0.6 },
      dt: 60,
      steps: 300,
    } as const
    const alone = collectPath(createModelSource(common, 3))
    const identity = collectPath(
      createModelSource(
        {
          ...common,
          correlation: [
            [1, 0],
            [0, 1],
          ],
        },
        3,
      ),
    )
    const mixed = collectPath(
      createModelSource(
        {
          ...common,
          correlation: [
            [1, 0.5],
            [0.5, 1],
          ],
        },
        3,
      ),
    )
    expect(sameBytes(identity.prices, alone.prices)).toBe(true)
    // With rho = 0.5 the first token (row 0 of the factor) keeps its path, the second changes.
    for (let s = 0; s < 300; s++) expect(mixed.prices[2 * s]).toBe(alone.prices[2 * s])
    expect(mixed.prices[2 * 299 + 1]).not.toBe(alone.prices[2 * 299 + 1])
  })
})

describe('deterministic shapes', () => {
  const base = { numeraire: 'USD', dt: 12, steps: 11, start: { A: 0.1, B: 3, USD: 1 } }

  it('constant repeats the start prices, and the numeraire is 1', () => {
    const p = collectPath(createModelSource({ ...base, model: 'constant' }, 1))
    expect(Array.from(p.prices)).toEqual(Array.from({ length: 11 }, () => [0.1, 3, 1]).flat())
  })

  it('ramp is start + (end - start) s / (steps - 1), exactly end at the last point', () => {
    // 0.1 -> 0.001 over 10 steps: the float formula alone ends at 0.0010000000000000009.
    const p = collectPath(createModelSource({ ...base, model: 'ramp', end: { A: 0.001, B: 1 } }, 1))
    for (let s = 0; s <= 10; s++) {
      for (const [k, start, end] of [
        [0, 0.1, 0.001],
        [1, 3, 1],
      ] as const) {
        const want = new D(start).plus(new D(end).minus(start).times(s).div(10)).toNumber()
        // Three roundings, each at most half an ulp of a number no larger than max(start, end).
        const scale = Math.max(start, end)
        expect(Math.abs(p.prices[3 * s + k]! - want)).toBeLessThanOrEqual(
          2 * Number.EPSILON * scale,
        )
      }
    }
    expect(p.prices[30]).toBe(0.001)
    expect(p.prices[31]).toBe(1)
    expect(p.prices[0]).toBe(0.1)
  })

  it('step multiplies by factor from the first point at or after `at`', () => {
    const p = collectPath(
      createModelSource({ ...base, model: 'step', at: 36, factor: { A: 0.5, B: 2 } }, 1),
    )
    const a = Array.from({ length: 11 }, (_, s) => p.prices[3 * s])
    const b = Array.from({ length: 11 }, (_, s) => p.prices[3 * s + 1])
    expect(a).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05])
    expect(b).toEqual([3, 3, 3, 6, 6, 6, 6, 6, 6, 6, 6])
    const late = collectPath(
      createModelSource({ ...base, model: 'step', at: 37, factor: { A: 2 } }, 1),
    )
    expect(late.prices[9]).toBe(0.1) // 36 s < 37 s
    expect(late.prices[12]).toBe(0.2) // 48 s
  })
})

describe('validation', () => {
  const gbm: ModelSpec = {
    model: 'gbm',
    numeraire: 'USDC',
    start: { ETH: 2000, BTC: 30_000, USDC: 1 },
    volatility: { ETH: 0.8, BTC: 0.6 },
    dt: 12,
    horizon: DAY,
  }
  const fails = (spec: unknown, code: string, message: string) => {
    const create = () => createModelSource(spec as ModelSpec, 1)
    expect(create).toThrow(InputError)
    expect(create).toThrow(expect.objectContaining({ code }))
    expect(create).toThrow(message)
  }

  it('names the field, what was expected and what was found', () => {
    fails(
      { ...gbm, volatility: { ETH: -0.1, BTC: 0.6 } },
      'BAD_PARAMETER',
      'prices.volatility.ETH: expected an annual volatility >= 0, found -0.1',
    )
    fails(
      { ...gbm, volatility: { ETH: 0.8 } },
      'BAD_PARAMETER',
      'prices.volatility.BTC: expected an annual volatility >= 0 for BTC, found none',
    )
    fails(
      { ...gbm, drift: { DOGE: 1 } },
      'BAD_PARAMETER',
      'prices.drift.DOGE: expected one of the non-numeraire tokens [ETH, BTC], found DOGE',
    )
    fails(
      { ...gbm, model: 'heston' },
      'BAD_PARAMETER',
      'prices.model: expected one of gbm, jump-diffusion, regime-switching, ou, bootstrap, constant, ramp, step, mixed, found "heston"',
    )
    fails(
      { ...gbm, steps: 10 },
      'BAD_PARAMETER',
      'prices.horizon: expected exactly one of horizon and steps, found both',
    )
    fails({ ...gbm, dt: 0 }, 'BAD_PARAMETER', 'prices.dt: expected seconds > 0, found 0')
    fails(
      { ...gbm, start: { ETH: 2000, BTC: 30_000, USDC: 2 } },
      'BAD_PARAMETER',
      'prices.start.USDC: expected 1 for the numeraire, found 2',
    )
    fails(
      { ...gbm, model: 'ou', halfLife: { ETH: DAY, BTC: 0 } },
      'BAD_PARAMETER',
      'prices.halfLife.BTC: expected a half-life in seconds > 0, found 0',
    )
    fails(
      { ...gbm, model: 'regime-switching', crisisVolatility: { ETH: 1, BTC: 1 } },
      'BAD_PARAMETER',
      'prices.calmDuration: expected a mean duration in seconds > 0, found none',
    )
    fails(
      { ...gbm, model: 'mixed', assets: { ETH: { model: 'gbm', volatility: 0.8 } } },
      'BAD_PARAMETER',
      'prices.assets.BTC: expected a model for BTC, found none',
    )
    fails(
      {
        ...gbm,
        model: 'mixed',
        assets: {
          ETH: { model: 'gbm', volatility: 0.8 },
          BTC: { model: 'ou', halfLife: -1, volatility: 0 },
        },
      },
      'BAD_PARAMETER',
      'prices.assets.BTC.halfLife: expected a half-life in seconds > 0, found -1',
    )
  })

  it('rejects a correlation matrix that is not positive semi-definite with NOT_PSD', () => {
    fails(
      {
        ...gbm,
        correlation: [
          [1, 0.5],
          [0.6, 1],
        ],
      },
      'NOT_PSD',
      'prices.correlation[1][0]: not symmetric: BTC/ETH is 0.6 but [0][1] is 0.5',
    )
    fails(
      {
        ...gbm,
        start: { ETH: 1, BTC: 1, SOL: 1 },
        volatility: { ETH: 1, BTC: 1, SOL: 1 },
        correlation: [
          [1, 0.9, -0.9],
          [0.9, 1, 0.9],
          [-0.9, 0.9, 1],
        ],
      },
      'NOT_PSD',
      'prices.correlation: not positive semi-definite: smallest eigenvalue -0.8 < 0',
    )
  })

  it('checks a bootstrap history: its step, its symbols and the block length', () => {
    const spec = { model: 'bootstrap', history, blockLength: 2, steps: 10 }
    fails(
      { ...spec, dt: 60 },
      'BAD_PARAMETER',
      "prices.dt: expected the history's step 3600 s (returns are resampled per step), found 60",
    )
    fails(
      { ...spec, blockLength: 5 },
      'BAD_PARAMETER',
      "prices.blockLength: expected an integer block length from 1 to 4 (the history's returns), found 5",
    )
    fails(
      { ...spec, tokens: ['WBTC', 'ETH'] },
      'MISSING_ASSET',
      'prices.history: expected a series for ETH among [WBTC], found none',
    )
  })
})
