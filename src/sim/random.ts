/**
 * The one seeded generator of the simulator: xoshiro128** 1.0 (Blackman and Vigna, 2018,
 * https://prng.di.unimi.it/xoshiro128starstar.c), 32-bit arithmetic with `Math.imul` so it is fast
 * in JavaScript. Each consumer draws from its own stream: {@link createRng} hashes the seed and the
 * stream keys (purpose, sweep cell, path index, symbol…) with MurmurHash3 x86_32 (Appleby) under
 * four lane seeds into the 128-bit state, so adding a consumer never changes another stream.
 *
 * Determinism across machines: the integer part uses only 32-bit integer operations; floats are
 * built from 53 random bits with exact double arithmetic; normals come from Marsaglia and Tsang's
 * ziggurat (2000, 128 layers) over 32-bit words, whose tables are computed once at load;
 * normals, exponentials and Poisson variates use IEEE-754 double operations plus `Math.sqrt`,
 * `Math.log` and `Math.exp` (sqrt is correctly rounded; V8's log and exp are its fdlibm ports,
 * the same on every platform for one V8 version).
 */
import { InputError, fmt } from '../errors.js'

/** 2^-53: turns a 53-bit integer into a double in [0, 1). */
const TWO_POW_MINUS_53 = 1 / 9_007_199_254_740_992
/** 2^-32: turns a 32-bit word into a double in [0, 1). */
const TWO_POW_MINUS_32 = 1 / 4_294_967_296
/** 2^26: the high 27 bits of a float are shifted up by 26 places (27 + 26 = 53 bits). */
const TWO_POW_26 = 67_108_864
/** 2^32, to split a safe integer into two 32-bit words. */
const TWO_POW_32 = 4_294_967_296
/** 2^31: a signed 32-bit word over it is a position in (-1, 1) across a ziggurat layer. */
const TWO_POW_31 = 2_147_483_648
/** Below this mean Poisson variates come from Knuth's product of uniforms; above, from PTRS. */
const POISSON_SMALL_MEAN = 30

/**
 * Marsaglia and Tsang's ziggurat ("The ziggurat method for generating random variables", J.
 * Stat. Softw. 5(8), 2000), 128 layers of equal area `ZIGGURAT_AREA` under the half density
 * f(x) = e^{-x^2/2} (unnormalised): layer 0 is the base strip [0, AREA / f(r)] x [0, f(r)]
 * with the tail beyond `ZIGGURAT_R`; layer i >= 1 spans [0, x_i] x [f(x_i), f(x_{i-1})], with
 * x_127 = r, x_{i-1} = f^{-1}(AREA / x_i + f(x_i)), f(x_0) = 1 (the paper's `zigset`).
 */
const ZIGGURAT_LAYERS = 128
/** The paper's r: where the tail starts, for 128 layers. */
const ZIGGURAT_R = 3.442619855899
/** The paper's v: each layer's area. */
const ZIGGURAT_AREA = 9.91256303526217e-3

/**
 * The ziggurat tables by layer, for a signed 32-bit position h (|h| < 2^31, its sign the
 * variate's): `kept[i]`: |h| below it lies under the curve for sure (|h| / 2^31 < x_{i-1} / x_i);
 * `scale[i]`: x_i / 2^31 (base layer: AREA / f(r) / 2^31), so z = h * scale[i];
 * `density[i]`: f(x_i), f(x_0) = 1 (the wedge test).
 */
const zigguratKept = new Int32Array(ZIGGURAT_LAYERS)
const zigguratScale = new Float64Array(ZIGGURAT_LAYERS)
const zigguratDensity = new Float64Array(ZIGGURAT_LAYERS)
{
  const last = ZIGGURAT_LAYERS - 1
  const fR = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R)
  const baseWidth = ZIGGURAT_AREA / fR
  const x = new Float64Array(ZIGGURAT_LAYERS)
  x[last] = ZIGGURAT_R
  zigguratDensity[last] = fR
  zigguratDensity[0] = 1
  for (let i = last - 1; i >= 1; i--) {
    x[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_AREA / x[i + 1]! + zigguratDensity[i + 1]!))
    zigguratDensity[i] = Math.exp(-0.5 * x[i]! * x[i]!)
  }
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) {
    const width = i === 0 ? baseWidth : x[i]!
    // Layer 1 (the top) has x_0 = 0: every point goes to the wedge test.
    const inner = i === 0 ? ZIGGURAT_R : i === 1 ? 0 : x[i - 1]!
    zigguratKept[i] = Math.floor((inner / width) * TWO_POW_31)
    zigguratScale[i] = width / TWO_POW_31
  }
}

/** Type tags in the hashed key words, so that 'a' and 97 never give the same stream. */
const TAG_NUMBER = 0x4e554d42 // "NUMB"
const TAG_STRING = 0x53545247 // "STRG"

/**
 * A seeded xoshiro128** generator. Create one with {@link createRng}; `fill*` methods write into
 * caller-owned buffers and allocate nothing.
 */
export class Rng {
  // The 128-bit state as four unsigned 32-bit words (kept as plain numbers: fastest in V8).
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  /**
   * A generator at the given raw state (not all zero). Prefer {@link createRng}; this exists so
   * tests can compare with the published reference sequence.
   * @param state - four 32-bit words s[0..3] as in the reference C code
   * @throws {InputError} `BAD_PARAMETER` when the state is all zero or not 4 words
   */
  constructor(state: readonly number[]) {
    if (state.length !== 4 || state.every((word) => word >>> 0 === 0))
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'rng.state' },
        `expected 4 words not all zero, found [${state.join(', ')}]`,
      )
    this.s0 = state[0]! >>> 0
    this.s1 = state[1]! >>> 0
    this.s2 = state[2]! >>> 0
    this.s3 = state[3]! >>> 0
  }

  /** The current state as four unsigned 32-bit words (a copy). */
  get state(): number[] {
    return [this.s0, this.s1, this.s2, this.s3]
  }

  /**
   * The next 32 random bits: xoshiro128** 1.0, result = rotl(s1 * 5, 7) * 9.
   * @returns an integer in [0, 2^32)
   */
  nextUint32(): number {
    const s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3
    const product = Math.imul(s1, 5)
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0
    const t = s1 << 9
    const n2 = s2 ^ s0
    const n3 = s3 ^ s1
    this.s1 = (s1 ^ n2) >>> 0
    this.s0 = (s0 ^ n3) >>> 0
    this.s2 = (n2 ^ t) >>> 0
    this.s3 = ((n3 << 11) | (n3 >>> 21)) >>> 0
    return result
  }

  /**
   * A uniform double in [0, 1) with 53 random bits: the top 27 bits of one draw and the top 26
   * of the next, (a * 2^26 + b) / 2^53 (the construction of Vigna's `next_double`).
   * @returns a multiple of 2^-53 in [0, 1)
   */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * TWO_POW_26 + b) * TWO_POW_MINUS_53
  }

  /**
   * A standard normal variate by the ziggurat of Marsaglia and Tsang (2000), 128 layers. Each
   * candidate takes two 32-bit words: the first's top 7 bits pick the layer, the second read as a
   * signed integer h is the position across the layer and the sign, z = h x_i / 2^31 (separate
   * bits for layer and position, as Doornik 2005 recommends against the paper's shared word).
   * About 97.2 % of candidates are accepted by one comparison and one multiplication; the rest go
   * through the wedge test (a third word for the height, one `Math.exp`) or, in the base layer,
   * Marsaglia's tail method (two `Math.log`); a rejected candidate (1.2 % of all) is replaced.
   * @returns a draw from N(0, 1)
   */
  nextNormal(): number {
    for (;;) {
      const layer = this.nextUint32() >>> 25
      const h = this.nextUint32() | 0
      if (Math.abs(h) < zigguratKept[layer]!) return h * zigguratScale[layer]!
      if (layer === 0) return this.normalTail(h)
      // Wedge: the point (|x|, y), y uniform in [f(x_i), f(x_{i-1})] from one more word, is
      // accepted when under the curve; otherwise a new candidate.
      const x = h * zigguratScale[layer]!
      const below = zigguratDensity[layer]!
      const y = below + this.nextUint32() * TWO_POW_MINUS_32 * (zigguratDensity[layer - 1]! - below)
      if (y < Math.exp(-0.5 * x * x)) return x
    }
  }

  /**
   * The normal tail beyond r with the sign of `h` (Marsaglia 1964): x = -ln(U1) / r, accepted
   * when -2 ln(U2) > x^2, U1, U2 in (0, 1] from {@link nextFloat}.
   */
  private normalTail(h: number): number {
    let x: number
    let y: number
    do {
      x = -Math.log(1 - this.nextFloat()) / ZIGGURAT_R
      y = -Math.log(1 - this.nextFloat())
    } while (y + y < x * x)
    return h > 0 ? ZIGGURAT_R + x : -ZIGGURAT_R - x
  }

  /**
   * An exponential variate by inversion, -ln(1 - U) / rate.
   * @param rate - events per unit of the caller's time, > 0 (default 1)
   * @returns a draw with mean 1 / rate
   */
  nextExponential(rate = 1): number {
    return -Math.log(1 - this.nextFloat()) / rate
  }

  /**
   * A Poisson variate: Knuth's product of uniforms below mean 30, Hörmann's PTRS transformed
   * rejection (1993, as in NumPy) above.
   * @param mean - expected count, >= 0 and finite
   * @returns a non-negative integer
   * @throws {InputError} `BAD_PARAMETER` for a negative or non-finite mean
   */
  nextPoisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean))
      throw new InputError(
        'BAD_PARAMETER',
        { path: 'poisson.mean' },
        `expected a finite mean >= 0, found ${fmt(mean)}`,
      )
    if (mean === 0) return 0
    if (mean < POISSON_SMALL_MEAN) {
      // Count uniforms until their product drops below e^-mean (Knuth, TAOCP vol. 2, 3.4.1).
      const limit = Math.exp(-mean)
      let count = 0
      let product = this.nextFloat()
      while (product > limit) {
        count++
        product *= this.nextFloat()
      }
      return count
    }
    return this.poissonPtrs(mean)
  }

  /** PTRS for mean >= 30 (Hörmann, "The transformed rejection method for generating Poisson random variables", 1993). */
  private poissonPtrs(mean: number): number {
    const sqrtMean = Math.sqrt(mean)
    const logMean = Math.log(mean)
    const b = 0.931 + 2.53 * sqrtMean
    const a = -0.059 + 0.02483 * b
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4)
    const vr = 0.9277 - 3.6224 / (b - 2)
    for (;;) {
      const u = this.nextFloat() - 0.5
      const v = this.nextFloat()
      const us = 0.5 - Math.abs(u)
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43)
      if (us >= 0.07 && v <= vr) return k
      if (k < 0 || (us < 0.013 && v > us)) continue
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -mean + k * logMean - logFactorial(k)
      )
        return k
    }
  }

  /**
   * Fills a buffer with uniform doubles in [0, 1), the same numbers as repeated
   * {@link nextFloat} calls. Allocates nothing.
   * @param buffer - out: overwritten in full
   */
  fillFloat(buffer: Float64Array): void {
    // The generator is inlined with the state in locals: several times faster than a method call.
    let s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3
    const n = buffer.length
    for (let i = 0; i < n; i++) {
      let product = Math.imul(s1, 5)
      const a = Math.imul((product << 7) | (product >>> 25), 9) >>> 5
      let t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = (s3 << 11) | (s3 >>> 21)
      product = Math.imul(s1, 5)
      const b = Math.imul((product << 7) | (product >>> 25), 9) >>> 6
      t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = (s3 << 11) | (s3 >>> 21)
      buffer[i] = (a * TWO_POW_26 + b) * TWO_POW_MINUS_53
    }
    this.s0 = s0 >>> 0
    this.s1 = s1 >>> 0
    this.s2 = s2 >>> 0
    this.s3 = s3 >>> 0
  }

  /**
   * Fills a buffer with standard normals, the same numbers as repeated {@link nextNormal} calls
   * (ziggurat, generator inlined for the accepted-at-once candidates). Allocates nothing.
   * @param buffer - out: overwritten in full
   */
  fillNormal(buffer: Float64Array): void {
    const n = buffer.length
    const kept = zigguratKept
    const scale = zigguratScale
    const density = zigguratDensity
    let s0 = this.s0 | 0,
      s1 = this.s1 | 0,
      s2 = this.s2 | 0,
      s3 = this.s3 | 0
    for (let i = 0; i < n;) {
      // Two xoshiro128** outputs (inlined nextUint32): the layer, then the signed position h.
      let product = Math.imul(s1, 5)
      const layer = Math.imul((product << 7) | (product >>> 25), 9) >>> 25
      let t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = (s3 << 11) | (s3 >>> 21)
      product = Math.imul(s1, 5)
      const h = Math.imul((product << 7) | (product >>> 25), 9)
      t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = (s3 << 11) | (s3 >>> 21)
      if (Math.abs(h) < kept[layer]!) {
        buffer[i++] = h * scale[layer]!
        continue
      }
      if (layer !== 0) {
        // Wedge (about 2.7 % of candidates), a third word for y as in nextNormal.
        product = Math.imul(s1, 5)
        const word = Math.imul((product << 7) | (product >>> 25), 9) >>> 0
        t = s1 << 9
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 11) | (s3 >>> 21)
        const x = h * scale[layer]!
        const below = density[layer]!
        const y = below + word * TWO_POW_MINUS_32 * (density[layer - 1]! - below)
        if (y < Math.exp(-0.5 * x * x)) buffer[i++] = x
        continue
      }
      // The tail (about 0.06 % of candidates): the state goes to the object for the method's draws.
      this.s0 = s0 >>> 0
      this.s1 = s1 >>> 0
      this.s2 = s2 >>> 0
      this.s3 = s3 >>> 0
      buffer[i++] = this.normalTail(h)
      // `| 0` keeps the locals int32 (the fields hold unsigned words, doubles above 2^31).
      s0 = this.s0 | 0
      s1 = this.s1 | 0
      s2 = this.s2 | 0
      s3 = this.s3 | 0
    }
    this.s0 = s0 >>> 0
    this.s1 = s1 >>> 0
    this.s2 = s2 >>> 0
    this.s3 = s3 >>> 0
  }
}

/**
 * The generator for one consumer: the seed and stream keys are hashed into the 128-bit state, so
 * each (seed, purpose, sweep cell, path index…) has its own independent stream and the same keys
 * give the same numbers on every machine.
 * @param seed - a safe integer (negative allowed)
 * @param stream - keys naming the consumer: strings, or safe integers such as a path index
 * @returns a fresh generator
 * @throws {InputError} `BAD_PARAMETER` when the seed or a numeric key is not a safe integer
 * @example createRng(42, 'prices', 'path', 0).nextFloat() // the same double on every machine
 */
export function createRng(seed: number, ...stream: (string | number)[]): Rng {
  return new Rng(streamState(seed, stream))
}

/**
 * The seed of one sweep task: the first 32-bit word of the generator for (seed, 'sweep', cell,
 * path), so that a (cell, path) pair re-runs alone (`amm-sim run --cell 3 --path 17`) with the
 * seed its sweep row records, and every stream of that run derives from it in turn. With
 * `common` (a scenario's `commonPaths`) the cell is ignored: every cell's path p runs with cell
 * 0's seed for p, `sweepSeed(seed, 0, p)`, so the cells share prices, noise trades and gas draws
 * (common random numbers) and their differences can be paired path by path.
 * @param seed - the scenario's seed, an integer from 0 to 2^32 - 1
 * @param cell - the sweep cell's index, from 0
 * @param path - the path's index within the cell, from 0
 * @param options - `common`: one seed per path for every cell (default false)
 * @returns an integer from 0 to 2^32 - 1
 * @throws {InputError} `BAD_PARAMETER` when an argument is not a safe integer
 * @example sweepSeed(1, 3, 17) // the same integer on every machine
 * @example sweepSeed(1, 3, 17, { common: true }) === sweepSeed(1, 0, 17) // true
 */
export function sweepSeed(
  seed: number,
  cell: number,
  path: number,
  options: { common?: boolean } = {},
): number {
  return createRng(seed, 'sweep', options.common === true ? 0 : cell, path).nextUint32()
}

/**
 * The xoshiro128** state for a seed and stream keys: MurmurHash3 x86_32 of the key words under
 * lane seeds 0, 1, 2, 3 (the four state words). Exported for tests and documentation.
 * @param seed - a safe integer
 * @param stream - strings or safe integers
 * @returns four unsigned 32-bit words
 * @throws {InputError} `BAD_PARAMETER` when the seed or a numeric key is not a safe integer
 */
export function streamState(seed: number, stream: readonly (string | number)[]): number[] {
  const words = streamWords(seed, stream)
  const state: number[] = [0, 1, 2, 3].map((lane) => murmur3Words(words, lane))
  // An all-zero state is the one xoshiro cannot leave; about 2^-128 likely, mapped to a fixed one.
  if (!state.some((word) => word !== 0)) state[0] = 1
  return state
}

/**
 * The words hashed for a stream: per key a tag, then two words (low, high) for an integer, or
 * the length and the UTF-16 code units two per word for a string. The seed comes first, as a number.
 */
function streamWords(seed: number, stream: readonly (string | number)[]): number[] {
  const words: number[] = []
  const keys: readonly (string | number)[] = [seed, ...stream]
  keys.forEach((key, index) => {
    if (typeof key === 'number') {
      if (!Number.isSafeInteger(key))
        throw new InputError(
          'BAD_PARAMETER',
          { path: index === 0 ? 'seed' : `stream[${index - 1}]` },
          `expected a safe integer, found ${fmt(key)}`,
        )
      const high = Math.floor(key / TWO_POW_32)
      words.push(TAG_NUMBER, (key - high * TWO_POW_32) >>> 0, high >>> 0)
    } else {
      words.push(TAG_STRING, key.length)
      for (let i = 0; i < key.length; i += 2)
        words.push(
          (key.charCodeAt(i) | ((i + 1 < key.length ? key.charCodeAt(i + 1) : 0) << 16)) >>> 0,
        )
    }
  })
  return words
}

/**
 * MurmurHash3 x86_32 (Appleby) over 32-bit words, i.e. over their little-endian bytes.
 * @param words - unsigned 32-bit words
 * @param seed - the hash seed
 * @returns an unsigned 32-bit hash
 */
export function murmur3Words(words: readonly number[], seed: number): number {
  let h = seed >>> 0
  for (const word of words) {
    let k = Math.imul(word, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= words.length * 4
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** ln(k!) for the PTRS acceptance test: exact sums below 10, Stirling's series above. */
function logFactorial(k: number): number {
  if (k < 10) {
    let sum = 0
    for (let i = 2; i <= k; i++) sum += Math.log(i)
    return sum
  }
  // ln k! = (k + 1/2) ln(k + 1) - (k + 1) + ln(2 pi)/2 + 1/(12(k+1)) - 1/(360(k+1)^3) + 1/(1260(k+1)^5)
  const x = k + 1
  const x2 = x * x
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.918_938_533_204_672_7 +
    (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x
  )
}
