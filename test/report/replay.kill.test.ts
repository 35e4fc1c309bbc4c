/**
 * replay.json and replay.md (src/report/replay.ts), in process: before this file only the CLI
 * tests (`amm-sim replay`) wrote them, which the mutation run cannot use. The expected lines are
 * written by hand from the formats in docs/replay.md ("What is reported") for hand-made results
 * covering each branch: V2 (exact maths, to the wei) and V1 (float model, a tolerance), a first
 * mismatch with a log index or a position and a revert, reordered and unresolved blocks or none,
 * snapshots or none, a final block and BPT supply or none.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  formatReplayJson,
  formatReplayMarkdown,
  writeReplayReport,
} from '../../src/report/replay.js'
import type { ReplayResult, ReplayVerification } from '../../src/sim/replay/replay.js'
import type { ReplayTrace } from '../../src/sim/replay/trace.js'
import { tempDir } from '../tempDir.js'

/** A V2 pool whose name and second token need escaping in Markdown. */
const v2Trace: ReplayTrace = {
  pool: {
    name: 'd2d*usdc',
    protocol: 'v2',
    tokens: ['D2D', 'US_DC'],
    decimals: [18, 6],
    weights: [0.8, 0.2],
    swapFee: 0.0025,
  },
  initialBalances: [1000, 250],
  initialSupply: null,
  events: [
    {
      kind: 'swap',
      block: 5000,
      logIndex: 3,
      timestamp: 1_600_000_000,
      deltas: [1.5, -0.25],
      balancesAfter: [1001.5, 249.75],
      supplyAfter: null,
      swap: { tokenIn: 0, tokenOut: 1, amountIn: 1.5, amountOut: 0.25, feeAmount: 0.00375 },
    },
  ],
}

const v2Verification: ReplayVerification = {
  protocol: 'v2',
  generation: 'v2-2021',
  swapFee: 0.0025,
  tolerance: null,
  differenceUnit: 'raw',
  rows: { read: 17, inCreationState: 2, plainTransfers: 3 },
  events: { total: 12, swap: 9, join: 2, exit: 1 },
  swaps: {
    total: 9,
    matched: 8,
    givenIn: 6,
    givenOut: 2,
    withinTolerance: 0,
    mismatched: 1,
    worstDifference: 12.345678,
    medianDifference: 0,
    p99Difference: 1.5e-7,
  },
  firstMismatch: {
    block: 4321,
    logIndex: 7,
    positionInBlock: 2,
    file: 'swaps_2021.csv',
    line: 55,
    tokenIn: 'US_DC',
    tokenOut: 'D2D',
    amountInRaw: '1000000',
    amountOutRaw: '3999',
    recomputedOutRaw: '4000',
    difference: 1,
    reason: 'out given in is 1 wei more',
  },
  ordering: {
    blocksWithUnknownOrder: 5,
    blocksReordered: 2,
    blocksUnresolved: 2,
    blocksTooLarge: 1,
    maxOrderEvents: 6,
    reorderedBlocks: [100, 205],
    unresolvedBlocks: [300, 312],
  },
  snapshots: {
    total: 6,
    matched: 3,
    mismatched: 1,
    failedReads: 1,
    afterEnd: 1,
    firstMismatch: {
      block: 4400,
      line: 9,
      status: 'mismatch',
      balanceDifferencesRaw: ['-5', '0'],
      supplyDifferenceRaw: null,
    },
    comparisons: [],
  },
  finalState: {
    block: 5000,
    balances: ['1001.5', '249.75'],
    totalSupply: null,
    lastSnapshot: {
      block: 4900,
      line: 12,
      status: 'match',
      balanceDifferencesRaw: ['0', '7'],
      supplyDifferenceRaw: null,
    },
  },
}

const v2: ReplayResult = { trace: v2Trace, verification: v2Verification }

/** A V1 pool: float model within a tolerance, a swap that reverted, no log index, no snapshots. */
const v1: ReplayResult = {
  trace: {
    pool: {
      name: 'weth-dai',
      protocol: 'v1',
      tokens: ['WETH', 'DAI'],
      decimals: [18, 18],
      weights: [0.8, 0.2],
      swapFee: 0.0025,
    },
    initialBalances: [67738.6, 10_000_000],
    initialSupply: 100,
    events: [],
  },
  verification: {
    protocol: 'v1',
    generation: null,
    swapFee: 0.0025,
    tolerance: 1e-6,
    differenceUnit: 'relative',
    rows: { read: 40, inCreationState: 0, plainTransfers: 1 },
    events: { total: 6, swap: 4, join: 1, exit: 1 },
    swaps: {
      total: 4,
      matched: 3,
      givenIn: 0,
      givenOut: 0,
      withinTolerance: 3,
      mismatched: 1,
      worstDifference: 1.28e-7,
      medianDifference: 4e-14,
      p99Difference: 2.5e-10,
    },
    firstMismatch: {
      block: 11_405_999,
      logIndex: null,
      positionInBlock: 1,
      file: 'LOG_SWAP.csv',
      line: 8,
      tokenIn: 'WETH',
      tokenOut: 'DAI',
      amountInRaw: '10',
      amountOutRaw: '20',
      recomputedOutRaw: null,
      difference: Infinity,
      reason: 'the maths reverts',
    },
    ordering: {
      blocksWithUnknownOrder: 0,
      blocksReordered: 0,
      blocksUnresolved: 0,
      blocksTooLarge: 0,
      maxOrderEvents: 4,
      reorderedBlocks: [],
      unresolvedBlocks: [],
    },
    snapshots: null,
    finalState: {
      block: null,
      balances: ['67738.6', '10000000'],
      totalSupply: '100',
      lastSnapshot: null,
    },
  },
}

/** No swap at all and snapshots that all agree: the counts without a percentage, no mismatch. */
const quiet: ReplayResult = {
  trace: v2Trace,
  verification: {
    ...v2Verification,
    swaps: { ...v2Verification.swaps, total: 0, matched: 0, givenIn: 0, givenOut: 0 },
    firstMismatch: null,
    snapshots: {
      total: 2,
      matched: 2,
      mismatched: 0,
      failedReads: 0,
      afterEnd: 0,
      firstMismatch: null,
      comparisons: [],
    },
    finalState: { ...v2Verification.finalState, totalSupply: '42.5', lastSnapshot: null },
  },
}

const v2Markdown = [
  '# Replay of d2d\\*usdc',
  '',
  'Protocol V2, exact maths `v2-2021`; tokens D2D (weight 0.8), US\\_DC (weight 0.2); swap fee 0.2500 %.',
  '',
  '## Events',
  '',
  '| rows read | in the creation state | plain BPT transfers | events replayed | swaps | joins | exits |',
  '|---:|---:|---:|---:|---:|---:|---:|',
  '| 17 | 2 | 3 | 12 | 9 | 2 | 1 |',
  '',
  '## Swaps recomputed from the state before each',
  '',
  'A swap matches when the exact maths gives the recorded output for the recorded input (given-in) or the recorded input for the recorded output (given-out), to the wei.',
  '',
  // 8 / 9 = 88.888…%
  '- matched: 8 of 9 (88.89 %) (given-in 6, given-out 2)',
  '- mismatched: 1',
  '- difference (raw units of the token out (wei; 1e-6 USDC)): worst 12.3457, median 0, 99th percentile 1.5e-7',
  '- first mismatch: block 4321, log index 7 (swaps\\_2021.csv line 55): US\\_DC in 1000000, D2D out 3999 recorded, 4000 recomputed; out given in is 1 wei more',
  '',
  '## Order inside blocks',
  '',
  'Blocks with several events and no log index: 5; reordered (an order other than file order made the swaps match): 2 (100, 205); unresolved: 2 (300, 312); more than 6 events, file order kept: 1.',
  '',
  '## Snapshots',
  '',
  'Each snapshot is compared with the replayed balances after every event of its block, to the raw unit. Equal: 3; different: 1; failed reads (zero balances or empty supply): 1; after the event files end: 1; total 6.',
  '',
  'First different snapshot: block 4400 (line 9), recorded minus replayed, raw: -5, 0.',
  '',
  '## Final state',
  '',
  'After block 5000: D2D 1001.5, US\\_DC 249.75 (token units).',
  'Last valid snapshot (block 4900): match, recorded minus replayed, raw: 0, 7.',
  '',
].join('\n')

describe('replay.md', () => {
  it('says a V2 replay in words: exact maths, given-in and given-out, snapshots, final state', () => {
    expect(formatReplayMarkdown(v2)).toBe(v2Markdown)
  })

  it('says a V1 replay in words: float model within the tolerance, a revert, no snapshots', () => {
    expect(formatReplayMarkdown(v1)).toBe(
      [
        '# Replay of weth-dai',
        '',
        'Protocol V1, float model; tokens WETH (weight 0.8), DAI (weight 0.2); swap fee 0.2500 %.',
        '',
        '## Events',
        '',
        '| rows read | in the creation state | plain BPT transfers | events replayed | swaps | joins | exits |',
        '|---:|---:|---:|---:|---:|---:|---:|',
        '| 40 | 0 | 1 | 6 | 4 | 1 | 1 |',
        '',
        '## Swaps recomputed from the state before each',
        '',
        "A swap matches when the float model's output for the recorded input is within 1e-6 (relative) of the recorded output; BPool's fixed-point `bpow` approximation explains differences of this size.",
        '',
        '- matched: 3 of 4 (75.00 %)',
        '- mismatched: 1',
        '- difference (relative, |model − recorded| / recorded): worst 1.28e-7, median 4e-14, 99th percentile 2.5e-10',
        '- first mismatch: block 11405999, position 1 in the block (LOG\\_SWAP.csv line 8): WETH in 10, DAI out 20 recorded, revert recomputed; the maths reverts',
        '',
        '## Order inside blocks',
        '',
        'Blocks with several events and no log index: 0; reordered (an order other than file order made the swaps match): 0; unresolved: 0; more than 4 events, file order kept: 0.',
        '',
        '## Final state',
        '',
        'After block –: WETH 67738.6, DAI 10000000 (token units); BPT supply 100.',
        '',
      ].join('\n'),
    )
  })

  it('gives no percentage without swaps, no first mismatch, and snapshots that all agree', () => {
    const md = formatReplayMarkdown(quiet)
    const from = md.indexOf('- matched')
    expect(md.slice(from)).toBe(
      [
        '- matched: 0 of 0 (given-in 0, given-out 0)',
        '- mismatched: 1',
        '- difference (raw units of the token out (wei; 1e-6 USDC)): worst 12.3457, median 0, 99th percentile 1.5e-7',
        '- first mismatch: none',
        '',
        '## Order inside blocks',
        '',
        'Blocks with several events and no log index: 5; reordered (an order other than file order made the swaps match): 2 (100, 205); unresolved: 2 (300, 312); more than 6 events, file order kept: 1.',
        '',
        '## Snapshots',
        '',
        'Each snapshot is compared with the replayed balances after every event of its block, to the raw unit. Equal: 2; different: 0; failed reads (zero balances or empty supply): 0; after the event files end: 0; total 2.',
        '',
        '## Final state',
        '',
        'After block 5000: D2D 1001.5, US\\_DC 249.75 (token units); BPT supply 42.5.',
        '',
      ].join('\n'),
    )
  })
})

describe('replay.json', () => {
  it('holds the pool, the creation state and the verification, keys in that order, not the events', () => {
    const text = formatReplayJson(v1)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.startsWith('{\n  "pool": {\n    "name": "weth-dai",\n')).toBe(true)
    const json = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(json)).toEqual(['pool', 'initialBalances', 'initialSupply', 'verification'])
    expect(json.pool).toEqual({
      name: 'weth-dai',
      protocol: 'v1',
      tokens: ['WETH', 'DAI'],
      decimals: [18, 18],
      weights: [0.8, 0.2],
      swapFee: 0.0025,
    })
    expect(json.initialBalances).toEqual([67738.6, 10_000_000])
    expect(json.initialSupply).toBe(100)
    const verification = json.verification as Record<string, unknown>
    expect(verification.rows).toEqual({ read: 40, inCreationState: 0, plainTransfers: 1 })
    expect(verification.tolerance).toBe(1e-6)
    // an infinite difference (the maths reverted) is null in JSON
    expect((verification.firstMismatch as Record<string, unknown>).difference).toBeNull()
    expect(verification.finalState).toEqual({
      block: null,
      balances: ['67738.6', '10000000'],
      totalSupply: '100',
      lastSnapshot: null,
    })
  })
})

describe('writeReplayReport', () => {
  it('writes replay.json and replay.md into the folder', async () => {
    const dir = path.join(tempDir('amm-replay-report-'), 'd2d')
    await writeReplayReport(dir, v2)
    expect(readdirSync(dir).sort()).toEqual(['replay.json', 'replay.md'])
    expect(readFileSync(path.join(dir, 'replay.md'), 'utf8')).toBe(v2Markdown)
    const json = JSON.parse(readFileSync(path.join(dir, 'replay.json'), 'utf8')) as {
      pool: { name: string }
      initialBalances: number[]
      initialSupply: number | null
      verification: { generation: string }
    }
    expect(json.pool.name).toBe('d2d*usdc')
    expect(json.initialBalances).toEqual([1000, 250])
    expect(json.initialSupply).toBeNull()
    expect(json.verification.generation).toBe('v2-2021')
  })
})
