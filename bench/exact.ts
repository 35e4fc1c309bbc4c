/**
 * Throughput of exact V3 exact-in swaps, ours against the official `@balancer-labs/balancer-maths`
 * Vault path, on the same seeded pools and inputs in one process.
 *
 *   tsx bench/exact.ts [--runs 15] [--ops 20000]
 *
 * For each case (2 and 8 tokens, mixed 6/8/18 decimals) it first checks that both give the same
 * raw amount on every input, then times alternating runs of each and prints one JSON line:
 * `{ name, ops, seconds, opsPerSecond, officialSeconds, officialOpsPerSecond, ratio }`, medians.
 */
import { SwapKind, Vault } from '@balancer-labs/balancer-maths'
import type { WeightedState } from '@balancer-labs/balancer-maths'
import { createV3Pool } from '../src/pool/exact/v3/pool.js'
import { outGivenIn } from '../src/pool/exact/v3/swap.js'
import type { V3PoolState } from '../src/pool/exact/v3/types.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const RUNS = option('--runs', 15)
const OPS = option('--ops', 20_000)
const SEED = 20241204

/** SplitMix64 on BigInt, kept local to the bench: a fixed, documented sequence for any seed. */
function splitMix64(seed: number): () => number {
  let state = BigInt(seed)
  const mask = (1n << 64n) - 1n
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & mask
    let z = state
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask
    z ^= z >> 31n
    return Number(z >> 11n) / 2 ** 53
  }
}

interface BenchCase {
  readonly name: string
  readonly pool: V3PoolState
  readonly official: WeightedState
  readonly tokenIn: Int32Array
  readonly tokenOut: Int32Array
  readonly amounts: bigint[]
}

function makeCase(tokenCount: number, random: () => number): BenchCase {
  const decimalsChoice = [18, 6, 8]
  const decimals = Array.from({ length: tokenCount }, (_, i) => decimalsChoice[i % 3]!)
  // Weights: random shares above 1 %, normalized to sum to exactly 1e18.
  const raw = Array.from({ length: tokenCount }, () => 1 + random() * 9)
  const total = raw.reduce((a, b) => a + b, 0)
  const weights = raw.map((r) => BigInt(Math.floor((r / total) * 1e6)) * 10n ** 12n)
  weights[0] = weights[0]! + 10n ** 18n - weights.reduce((a, b) => a + b, 0n)
  const balancesRaw = decimals.map(
    (d) => BigInt(Math.floor(1e3 + random() * 1e6)) * 10n ** BigInt(d),
  )
  const pool = createV3Pool({
    decimals,
    balancesRaw,
    weights,
    swapFee: 3n * 10n ** 15n,
    totalSupply: 10n ** 24n,
  })
  const tokens = decimals.map((_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
  const official: WeightedState = {
    poolType: 'WEIGHTED',
    poolAddress: '0x' + 'ab'.repeat(20),
    tokens,
    scalingFactors: [...pool.scalingFactors],
    tokenRates: [...pool.tokenRates],
    balancesLiveScaled18: pool.balancesRaw.map((b, i) => b * pool.scalingFactors[i]!),
    weights: [...pool.weights],
    swapFee: pool.swapFee,
    aggregateSwapFee: 0n,
    totalSupply: pool.totalSupply,
    supportsUnbalancedLiquidity: true,
  }
  const tokenIn = new Int32Array(OPS)
  const tokenOut = new Int32Array(OPS)
  const amounts: bigint[] = []
  for (let k = 0; k < OPS; k++) {
    const i = Math.floor(random() * tokenCount)
    const o = (i + 1 + Math.floor(random() * (tokenCount - 1))) % tokenCount
    tokenIn[k] = i
    tokenOut[k] = o
    // 1e-5 .. 25 % of the balance in, log-uniform: inside MaxInRatio and the minimum trade amount.
    const share = 10 ** (-5 + random() * Math.log10(0.25 / 1e-5))
    amounts.push((pool.balancesRaw[i]! * BigInt(Math.floor(share * 1e12))) / 10n ** 12n)
  }
  return {
    name: `v3-weighted-exact-in-${String(tokenCount)}-tokens`,
    pool,
    official,
    tokenIn,
    tokenOut,
    amounts,
  }
}

function runOurs(c: BenchCase): bigint {
  let checksum = 0n
  const { pool, tokenIn, tokenOut, amounts } = c
  for (let k = 0; k < OPS; k++) checksum += outGivenIn(pool, tokenIn[k]!, tokenOut[k]!, amounts[k]!)
  return checksum
}

function runOfficial(c: BenchCase, vault: Vault): bigint {
  let checksum = 0n
  const { official, tokenIn, tokenOut, amounts } = c
  const tokens = official.tokens
  for (let k = 0; k < OPS; k++)
    checksum += vault.swap(
      {
        amountRaw: amounts[k]!,
        tokenIn: tokens[tokenIn[k]!]!,
        tokenOut: tokens[tokenOut[k]!]!,
        swapKind: SwapKind.GivenIn,
      },
      official,
    )
  return checksum
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function seconds(run: () => bigint): [number, bigint] {
  const start = process.hrtime.bigint()
  const checksum = run()
  return [Number(process.hrtime.bigint() - start) / 1e9, checksum]
}

const random = splitMix64(SEED)
const vault = new Vault()
for (const tokenCount of [2, 8]) {
  const c = makeCase(tokenCount, random)
  // Same answers first: a benchmark of different computations would mean nothing.
  for (let k = 0; k < OPS; k++) {
    const ours = outGivenIn(c.pool, c.tokenIn[k]!, c.tokenOut[k]!, c.amounts[k]!)
    const theirs = vault.swap(
      {
        amountRaw: c.amounts[k]!,
        tokenIn: c.official.tokens[c.tokenIn[k]!]!,
        tokenOut: c.official.tokens[c.tokenOut[k]!]!,
        swapKind: SwapKind.GivenIn,
      },
      c.official,
    )
    if (ours !== theirs)
      throw new Error(`${c.name}: input ${String(k)} differs: ${String(ours)} vs ${String(theirs)}`)
  }
  const ours: number[] = []
  const official: number[] = []
  // Warm-up, then alternating runs whose order flips each time: the machine is shared, so a
  // load change hits both sides alike; medians drop the outliers.
  runOurs(c)
  runOfficial(c, vault)
  for (let r = 0; r < RUNS; r++) {
    if (r % 2 === 0) {
      ours.push(seconds(() => runOurs(c))[0])
      official.push(seconds(() => runOfficial(c, vault))[0])
    } else {
      official.push(seconds(() => runOfficial(c, vault))[0])
      ours.push(seconds(() => runOurs(c))[0])
    }
  }
  const s = median(ours)
  const o = median(official)
  process.stdout.write(
    `${JSON.stringify({
      name: c.name,
      ops: OPS,
      seconds: Number(s.toFixed(4)),
      opsPerSecond: Math.round(OPS / s),
      officialSeconds: Number(o.toFixed(4)),
      officialOpsPerSecond: Math.round(OPS / o),
      ratio: Number((o / s).toFixed(3)),
    })}\n`,
  )
}
