import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { Rng, createRng, murmur3Words, streamState, sweepSeed } from '../../src/sim/random.js'

// Oracles: the published definitions re-implemented on BigInt (64-bit-safe, no Math.imul), and
// on bytes rather than words for MurmurHash3. Statistical checks allow 4 standard errors: a
// two-sided false-alarm rate of about 6e-5 per check on a fixed seed (house style 9.5).

const MASK = 0xffffffffn
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & MASK

/** xoshiro128** 1.0 as in https://prng.di.unimi.it/xoshiro128starstar.c, on BigInt. */
function referenceXoshiro(state: readonly number[], count: number): bigint[] {
  const s = state.map(BigInt)
  const out: bigint[] = []
  for (let i = 0; i < count; i++) {
    out.push((rotl((s[1]! * 5n) & MASK, 7n) * 9n) & MASK)
    const t = (s[1]! << 9n) & MASK
    s[2]! ^= s[0]!
    s[3]! ^= s[1]!
    s[1]! ^= s[2]!
    s[0]! ^= s[3]!
    s[2]! ^= t
    s[3] = rotl(s[3]!, 11n)
  }
  return out
}

/** MurmurHash3_x86_32 over bytes (Appleby's MurmurHash3.cpp), on BigInt. */
function referenceMurmur3(bytes: Uint8Array, seed: number): number {
  const mul = (a: bigint, b: bigint) => (a * b) & MASK
  let h = BigInt(seed)
  const blocks = Math.floor(bytes.length / 4)
  for (let i = 0; i < blocks; i++) {
    let k =
      BigInt(bytes[4 * i]!) |
      (BigInt(bytes[4 * i + 1]!) << 8n) |
      (BigInt(bytes[4 * i + 2]!) << 16n) |
      (BigInt(bytes[4 * i + 3]!) << 24n)
    k = mul(rotl(mul(k, 0xcc9e2d51n), 15n), 0x1b873593n)
    h = (mul(rotl(h ^ k, 13n), 5n) + 0xe6546b64n) & MASK
  }
  if (bytes.length % 4 !== 0) throw new Error('the key words are whole 4-byte blocks')
  h ^= BigInt(bytes.length)
  h ^= h >> 16n
  h = mul(h, 0x85ebca6bn)
  h ^= h >> 13n
  h = mul(h, 0xc2b2ae35n)
  h ^= h >> 16n
  return Number(h)
}

/** The documented key encoding, built as little-endian bytes: tag, then int64 or UTF-16LE text. */
function keyBytes(keys: (string | number)[]): Uint8Array {
  const parts: Buffer[] = []
  for (const key of keys) {
    const head = Buffer.alloc(typeof key === 'number' ? 12 : 8)
    if (typeof key === 'number') {
      head.writeUInt32LE(0x4e554d42, 0)
      head.writeBigInt64LE(BigInt(key), 4)
      parts.push(head)
    } else {
      head.writeUInt32LE(0x53545247, 0)
      head.writeUInt32LE(key.length, 4)
      const text = Buffer.from(key, 'utf16le')
      parts.push(head, text, Buffer.alloc(text.length % 4)) // pad to whole words
    }
  }
  return new Uint8Array(Buffer.concat(parts))
}

function mean(values: Float64Array): number {
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}
function variance(values: Float64Array): number {
  const m = mean(values)
  let sum = 0
  for (const v of values) sum += (v - m) ** 2
  return sum / (values.length - 1)
}

describe('xoshiro128**', () => {
  it('matches the reference C code on state [1, 2, 3, 4]', () => {
    // Printed by the reference xoshiro128starstar.c compiled with gcc -O2 (first 8 outputs).
    const rng = new Rng([1, 2, 3, 4])
    const got = Array.from({ length: 8 }, () => rng.nextUint32())
    expect(got).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ])
  })

  it('matches a BigInt re-implementation for 10 000 outputs from a hashed stream', () => {
    const rng = createRng(20_261_124, 'prices', 3)
    const want = referenceXoshiro(rng.state, 10_000)
    for (const w of want) expect(rng.nextUint32()).toBe(Number(w))
  })

  it('builds doubles from 53 bits: (a >>> 5) * 2^26 + (b >>> 6), over 2^53', () => {
    const rng = createRng(7, 'floats')
    const words = referenceXoshiro(rng.state, 2_000)
    for (let i = 0; i < words.length; i += 2) {
      const bits = ((words[i]! >> 5n) << 26n) | (words[i + 1]! >> 6n)
      expect(rng.nextFloat()).toBe(Number(bits) / 2 ** 53)
    }
  })

  it('rejects an all-zero state', () => {
    expect(() => new Rng([0, 0, 0, 0])).toThrow(
      'rng.state: expected 4 words not all zero, found [0, 0, 0, 0]',
    )
  })
})

describe('stream seeding', () => {
  it('hashes with MurmurHash3 x86_32: the published vector for "test", seed 0', () => {
    // "test" is one little-endian word; MurmurHash3_x86_32("test", 0) = 0xba6bd213.
    expect(murmur3Words([0x74736574], 0)).toBe(0xba6bd213)
  })

  it('sets state word i to MurmurHash3 of the key bytes under seed i', () => {
    for (const keys of [[0], [42, 'prices', 0, 17], [-5, 'noise', 'ETH'], [2 ** 40 + 3, 'abc']]) {
      const [seed, ...stream] = keys as [number, ...(string | number)[]]
      const bytes = keyBytes(keys)
      const want = [0, 1, 2, 3].map((lane) => referenceMurmur3(bytes, lane))
      expect(streamState(seed, stream)).toEqual(want)
    }
  })

  it('gives equal streams for equal keys and different ones otherwise', () => {
    const first = (rng: Rng) => Array.from({ length: 4 }, () => rng.nextUint32())
    const base = first(createRng(1, 'prices', 0))
    expect(first(createRng(1, 'prices', 0))).toEqual(base)
    for (const other of [
      createRng(2, 'prices', 0),
      createRng(1, 'prices', 1),
      createRng(1, 'price', 0),
      createRng(1, 'prices'),
      createRng(1, 'prices', '0'), // a string key never collides with the number
    ])
      expect(first(other)).not.toEqual(base)
  })

  it('seeds a sweep task from (seed, "sweep", cell, path), the cell left out with common', () => {
    const word = (...keys: (string | number)[]) => createRng(7, ...keys).nextUint32()
    expect(sweepSeed(7, 3, 17)).toBe(word('sweep', 3, 17))
    expect(sweepSeed(7, 3, 17, { common: false })).toBe(word('sweep', 3, 17))
    expect(sweepSeed(7, 3, 17, { common: true })).toBe(word('sweep', 0, 17))
    expect(sweepSeed(7, 3, 17, { common: true })).not.toBe(sweepSeed(7, 3, 17))
    expect(sweepSeed(7, 3, 16, { common: true })).not.toBe(sweepSeed(7, 3, 17, { common: true }))
  })

  it('rejects a seed or key that is not a safe integer, naming it', () => {
    const bad = () => createRng(1.5)
    expect(bad).toThrow(InputError)
    expect(bad).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(bad).toThrow('seed: expected a safe integer, found 1.5')
    expect(() => createRng(1, 'a', Number.NaN)).toThrow(
      'stream[1]: expected a safe integer, found NaN',
    )
  })
})

describe('fill methods', () => {
  it('fillFloat gives the nextFloat sequence', () => {
    const a = createRng(3, 'x')
    const b = createRng(3, 'x')
    const buffer = new Float64Array(1_001)
    a.fillFloat(buffer)
    for (const v of buffer) expect(v).toBe(b.nextFloat())
    expect(a.state).toEqual(b.state)
  })

  it('fillNormal gives the nextNormal sequence whatever the split', () => {
    const whole = new Float64Array(2_001)
    createRng(4, 'z').fillNormal(whole)
    const single = createRng(4, 'z')
    for (const v of whole) expect(single.nextNormal()).toBe(v)
    const pieces = createRng(4, 'z')
    const parts = [1, 2, 3, 995, 1_000]
    let at = 0
    for (const length of parts) {
      const part = new Float64Array(length)
      pieces.fillNormal(part)
      expect(Array.from(part)).toEqual(Array.from(whole.subarray(at, at + length)))
      at += length
    }
  })

  it('draws normals by the 128-layer ziggurat of Marsaglia and Tsang (2000)', () => {
    // Re-implemented from the paper's definition on the BigInt reference words, with the tables
    // from 50-digit arithmetic. Values agree to 1e-12 relative: the float tables of the code
    // differ from the 50-digit ones by a few ulps after 126 steps of the recurrence; the accept
    // and reject decisions, hence the words consumed, must be identical.
    const table = referenceZiggurat()
    const count = 30_000
    for (const useFill of [false, true]) {
      const rng = createRng(9, 'ziggurat', Number(useFill))
      const words = referenceXoshiro(rng.state, 3 * count + 1_000)
      let cursor = 0
      const word = () => words[cursor++]!
      const float = () => Number(((word() >> 5n) << 26n) | (word() >> 6n)) / 2 ** 53
      let tails = 0
      let wedges = 0
      const sample = (): number => {
        for (;;) {
          const layer = Number(word() >> 25n)
          const unsigned = Number(word())
          const h = unsigned >= 2 ** 31 ? unsigned - 2 ** 32 : unsigned
          if (Math.abs(h) < table.kept[layer]!) return h * table.scale[layer]!
          if (layer === 0) {
            tails++
            for (;;) {
              const x = -Math.log(1 - float()) / table.r
              const y = -Math.log(1 - float())
              if (2 * y >= x * x) return h > 0 ? table.r + x : -table.r - x
            }
          }
          wedges++
          const x = h * table.scale[layer]!
          const u = Number(word()) / 2 ** 32
          const y = table.density[layer]! + u * (table.density[layer - 1]! - table.density[layer]!)
          if (y < Math.exp(-0.5 * x * x)) return x
        }
      }
      const got = new Float64Array(count)
      if (useFill) rng.fillNormal(got)
      else for (let i = 0; i < count; i++) got[i] = rng.nextNormal()
      for (let i = 0; i < count; i++) {
        const want = sample()
        if (!(Math.abs(got[i]! - want) <= 1e-12 * Math.abs(want)))
          expect.fail(`normal ${i}: got ${got[i]}, want ${want}`)
      }
      expect(rng.nextUint32()).toBe(Number(word()))
      // 30 000 normals visit the rare paths: about 17 tails and 830 wedges expected.
      expect(tails).toBeGreaterThan(3)
      expect(wedges).toBeGreaterThan(200)
    }
  })

  it('has ziggurat constants r and v that close the top layer', () => {
    // The paper's r fixes v: the top layer [0, x_1] x [f(x_1), 1] must have area v. Checked on
    // the 50-digit recurrence: r has 13 digits and 126 steps amplify its rounding, so the
    // residual is 1.2e-9 of v (a bias of that order in one layer's mass, far below any test).
    const { topArea, v } = referenceZiggurat()
    expect(Math.abs(topArea / v - 1)).toBeLessThan(1e-8)
  })
})

/** The ziggurat tables from the paper's definition, in 50-digit arithmetic, rounded at the end. */
function referenceZiggurat() {
  const D = Decimal.clone({ precision: 50 })
  const r = new D('3.442619855899')
  const v = new D('9.91256303526217e-3')
  const f = (x: Decimal) => x.pow(2).div(-2).exp()
  const x: Decimal[] = new Array<Decimal>(128)
  x[127] = r
  for (let i = 126; i >= 1; i--)
    x[i] = v
      .div(x[i + 1]!)
      .plus(f(x[i + 1]!))
      .ln()
      .times(-2)
      .sqrt()
  x[0] = new D(0)
  const twoPow31 = new D(2).pow(31)
  const kept: number[] = []
  const scale: number[] = []
  const density: number[] = []
  for (let i = 0; i < 128; i++) {
    // Layer 0 is the base strip [0, v / f(r)] x [0, f(r)]; a position below r is under the curve.
    const width = i === 0 ? v.div(f(r)) : x[i]!
    const inner = i === 0 ? r : x[i - 1]!
    kept.push(inner.div(width).times(twoPow31).floor().toNumber())
    scale.push(width.div(twoPow31).toNumber())
    density.push(i === 0 ? 1 : f(x[i]!).toNumber())
  }
  const topArea = x[1]!.times(new D(1).minus(f(x[1]!))).toNumber()
  return { r: r.toNumber(), kept, scale, density, topArea, v: v.toNumber() }
}

/**
 * Standard normal CDF from Abramowitz and Stegun 7.1.26 (erf to 1.5e-7 absolute): far below the
 * Kolmogorov-Smirnov critical value used with it (4.4e-3).
 */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-x * x)
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf)
}

describe('distributions (fixed seeds, 4 standard errors)', () => {
  const n = 200_000

  it('uniforms have mean 1/2 and variance 1/12', () => {
    const u = new Float64Array(n)
    createRng(11, 'uniform').fillFloat(u)
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n))
    // Var of the sample variance of U(0,1): (mu4 - sigma^4)/n = (1/80 - 1/144)/n.
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n))
  })

  it('normals have mean 0, variance 1 and fourth moment 3', () => {
    const z = new Float64Array(n)
    createRng(12, 'normal').fillNormal(z)
    expect(Math.abs(mean(z))).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(variance(z) - 1)).toBeLessThan(4 * Math.sqrt(2 / n)) // Var(s^2) = 2/n
    let fourth = 0
    for (const v of z) fourth += v ** 4
    expect(Math.abs(fourth / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n)) // Var(Z^4) = 105 - 9
  })

  it('normals have the tail mass of N(0, 1) beyond 3, r = 3.44 (the ziggurat tail) and 4', () => {
    const size = 1_000_000
    const z = new Float64Array(size)
    createRng(16, 'normal-tails').fillNormal(z)
    // Two-sided tail masses 2 (1 - Phi(c)) (erfc(c / sqrt 2) to 16 digits).
    for (const [c, p] of [
      [3, 0.0026997960632601866],
      [3.442619855899, 5.761085123916405e-4],
      [4, 6.334248366623996e-5],
    ] as const) {
      let beyond = 0
      for (const v of z) if (Math.abs(v) > c) beyond++
      // Binomial standard error, 4 se: two-sided false alarm about 6e-5 per check.
      expect(Math.abs(beyond / size - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / size))
    }
  })

  it('normals pass a Kolmogorov-Smirnov test against N(0, 1) at the 0.1 % level', () => {
    const z = new Float64Array(n)
    createRng(17, 'normal-ks').fillNormal(z)
    z.sort()
    let d = 0
    for (let i = 0; i < n; i++) {
      const cdf = normalCdf(z[i]!)
      d = Math.max(d, (i + 1) / n - cdf, cdf - i / n)
    }
    // Asymptotic critical value sqrt(ln(2 / alpha) / 2) / sqrt(n) = 1.9495 / sqrt(n), alpha = 0.001.
    expect(d).toBeLessThan(1.9495 / Math.sqrt(n))
  })

  it('exponentials have mean 1/rate and variance 1/rate^2', () => {
    const rng = createRng(13, 'exp')
    const rate = 2.5
    const x = new Float64Array(n).map(() => rng.nextExponential(rate))
    expect(Math.abs(mean(x) - 1 / rate)).toBeLessThan((4 * (1 / rate)) / Math.sqrt(n))
    // Var(s^2) = (mu4 - sigma^4)/n with mu4 = 9/rate^4 for the exponential.
    expect(Math.abs(variance(x) - 1 / rate ** 2)).toBeLessThan((4 * Math.sqrt(8 / n)) / rate ** 2)
  })

  it.each([0.05, 3, 29.5, 30, 250, 10_000])(
    'Poisson(%d) has mean and variance equal to its mean',
    (lambda) => {
      const rng = createRng(14, 'poisson', Math.round(lambda * 100))
      const x = new Float64Array(n).map(() => rng.nextPoisson(lambda))
      expect(x.every((k) => Number.isInteger(k) && k >= 0)).toBe(true)
      expect(Math.abs(mean(x) - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n))
      // Var(s^2) = (mu4 - sigma^4)/n, mu4 = lambda + 3 lambda^2 for the Poisson.
      expect(Math.abs(variance(x) - lambda)).toBeLessThan(
        4 * Math.sqrt((lambda + 2 * lambda ** 2) / n),
      )
    },
  )

  it('Poisson(50) by PTRS hits the exact probability of each k from 35 to 65', () => {
    const rng = createRng(15, 'ptrs')
    const lambda = 50
    const counts = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      const k = rng.nextPoisson(lambda)
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
    let logP = -lambda // ln P(0)
    for (let k = 0; k <= 65; k++) {
      if (k > 0) logP += Math.log(lambda / k)
      if (k < 35) continue
      const p = Math.exp(logP)
      // 31 checks at 4.5 se: family-wise false-alarm rate about 31 * 7e-6 = 2e-4.
      expect(Math.abs((counts.get(k) ?? 0) / n - p)).toBeLessThan(
        4.5 * Math.sqrt((p * (1 - p)) / n),
      )
    }
  })

  it('rejects a negative Poisson mean', () => {
    expect(() => createRng(1).nextPoisson(-1)).toThrow(
      'poisson.mean: expected a finite mean >= 0, found -1',
    )
  })
})
