import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Decimal } from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { tempDir } from '../../tempDir.js'
import { exactV2021 } from '../../../src/pool/exact/api.js'
import { parseEventTable, parseSnapshotTable } from '../../../src/sim/replay/importers.js'
import type { EventRow } from '../../../src/sim/replay/importers.js'
import { loadReplayInput } from '../../../src/sim/replay/load.js'
import {
  replayManifestJsonSchemaText,
  validateReplayManifest,
} from '../../../src/sim/replay/manifest.js'
import type { ReplayManifest } from '../../../src/sim/replay/manifest.js'
import { replayPool } from '../../../src/sim/replay/replay.js'

const D = Decimal.clone({ precision: 50 }) // private 50-digit context
const V1 = 'examples/replay/v1-weth-dai.json'
const V2 = 'examples/replay/v2-d2d-usdc.json'
const ONE = 10n ** 18n

/** A hand-made two-token V2 pool (18 and 6 decimals, 80/20, fee 1 %), funded from zero. */
const A = '0x' + 'a'.repeat(40)
const B = '0x' + 'b'.repeat(40)
const microManifest: ReplayManifest = {
  name: 'micro',
  protocol: 'v2',
  generation: 'exact-v2-2021',
  tokens: [
    { symbol: 'A', address: A, decimals: 18, weight: 0.8 },
    { symbol: 'B', address: B, decimals: 6, weight: 0.2 },
  ],
  swapFee: 0.01,
  initial: 'from-zero',
  events: [{ file: 'x.csv', format: 'v2-vault', table: 'swap' }],
}

/**
 * A funding at block 1 and three swaps at block 2 whose recorded outputs come from applying them
 * in the order A→B, B→A, A→B; `fileOrder` is the order the rows are written in the export.
 */
function microRows(fileOrder: readonly number[]): EventRow[] {
  let balances = [1_000_000n * ONE, 250_000n * 10n ** 6n]
  const pool = () => ({
    balancesRaw: balances,
    scalingFactors: [ONE, ONE * 10n ** 12n],
    weights: [8n * 10n ** 17n, 2n * 10n ** 17n],
    swapFee: 10n ** 16n,
    totalSupply: ONE,
  })
  const funding: EventRow = {
    table: 'balance',
    block: 1,
    logIndex: null,
    timestamp: 100,
    tx: null,
    file: 'b.csv',
    line: 2,
    deltasRaw: balances,
    protocolFeesRaw: [0n, 0n],
  }
  const trades: [number, number, bigint][] = [
    [0, 1, 20_000n * ONE],
    [1, 0, 9_000n * 10n ** 6n],
    [0, 1, 5_000n * ONE],
  ]
  const swaps = trades.map(([i, o, amountIn], k): EventRow => {
    const out = exactV2021.outGivenIn(pool(), i, o, amountIn)
    balances = balances.map((b, t) => (t === i ? b + amountIn : t === o ? b - out : b))
    return {
      table: 'swap',
      block: 2,
      logIndex: null,
      timestamp: 112,
      tx: null,
      file: 's.csv',
      line: k + 2,
      tokenIn: i,
      tokenOut: o,
      amountInRaw: amountIn,
      amountOutRaw: out,
    }
  })
  return [funding, ...fileOrder.map((k) => swaps[k]!)]
}

describe('replayPool: order inside blocks without a log index', () => {
  it('keeps file order when it matches, reordering nothing', () => {
    const { verification: v } = replayPool({
      manifest: microManifest,
      rows: microRows([0, 1, 2]),
      snapshots: null,
    })
    expect(v.swaps.matched).toBe(3)
    expect(v.ordering).toMatchObject({
      blocksWithUnknownOrder: 1,
      blocksReordered: 0,
      blocksUnresolved: 0,
    })
  })
  it('finds the order of a shuffled block whose swaps then all match to the wei', () => {
    const { verification: v, trace } = replayPool({
      manifest: microManifest,
      rows: microRows([2, 0, 1]),
      snapshots: null,
    })
    expect(v.swaps).toMatchObject({ total: 3, matched: 3, givenIn: 3, mismatched: 0 })
    expect(v.ordering).toMatchObject({
      blocksWithUnknownOrder: 1,
      blocksReordered: 1,
      blocksUnresolved: 0,
      reorderedBlocks: [2],
    })
    expect(trace.events.slice(1).map((e) => e.swap?.tokenIn)).toEqual([0, 1, 0])
  })
  it('keeps file order and reports the block unresolved when it has more events than the limit', () => {
    const manifest = { ...microManifest, maxOrderEvents: 2 }
    const { verification: v } = replayPool({
      manifest,
      rows: microRows([2, 0, 1]),
      snapshots: null,
    })
    expect(v.ordering).toMatchObject({
      blocksWithUnknownOrder: 1,
      blocksTooLarge: 1,
      blocksUnresolved: 1,
      unresolvedBlocks: [2],
    })
    expect(v.swaps.mismatched).toBeGreaterThan(0)
    expect(v.firstMismatch).toMatchObject({ block: 2, positionInBlock: 0, file: 's.csv', line: 4 })
  })
  it('sorts rows by (block, log index) when the export has one, whatever the file order', () => {
    const rows = microRows([0, 1, 2]).map((r, k) => ({ ...r, logIndex: k }))
    const shuffled = [rows[3]!, rows[1]!, rows[0]!, rows[2]!]
    const { verification: v, trace } = replayPool({
      manifest: microManifest,
      rows: shuffled,
      snapshots: null,
    })
    expect(v.swaps.matched).toBe(3)
    expect(v.ordering.blocksWithUnknownOrder).toBe(0)
    expect(trace.events.map((e) => e.logIndex)).toEqual([0, 1, 2, 3])
  })
})

describe('replayPool on the bundled V1 WETH/DAI cut', () => {
  it('recomputes every swap as the V1 formula in 50 digits does, from balances summed independently', async () => {
    const input = await loadReplayInput(V1)
    const { trace, verification } = replayPool(input)
    const differences: number[] = []
    // balances rebuilt here as 50-digit sums of the recorded amounts: a second route
    let weth = new D('67738.636173102396002749')
    let dai = new D('10000000')
    const swaps = trace.events.filter((e) => e.kind === 'swap')
    expect(swaps).toHaveLength(261)
    let worst = 0
    for (const e of trace.events) {
      if (e.swap) {
        const [bIn, bOut] = e.swap.tokenIn === 0 ? [weth, dai] : [dai, weth]
        const [wIn, wOut] = e.swap.tokenIn === 0 ? [40, 10] : [10, 40]
        const a = new D(e.swap.amountIn)
        const base = bIn.div(bIn.plus(a.times(new D(1).minus('0.0025'))))
        const want = bOut.times(new D(1).minus(base.pow(new D(wIn).div(wOut))))
        const recorded = new D(e.swap.amountOut)
        const difference = want.minus(recorded).abs().div(recorded).toNumber()
        differences.push(difference)
        worst = Math.max(worst, difference)
      }
      weth = weth.plus(e.deltas[0]!)
      dai = dai.plus(e.deltas[1]!)
      // the replay's float balances after each event equal the 50-digit sums to float precision
      expect(Math.abs(e.balancesAfter[0]! - weth.toNumber()) / weth.toNumber()).toBeLessThan(1e-12)
    }
    // the recorded outputs are within the stated tolerance of the exact formula: BPool's bpow
    expect(worst).toBeLessThan(1e-6)
    expect(worst).toBeGreaterThan(1e-8) // the worst swap of the cut differs by 1.28e-7 (bpow)
    // the replay's float recomputation gives the same differences: worst and median agree to
    // 1e-12 absolute (float64 pow/log on ~1e7 balances carries ~1e-15 relative per output)
    differences.sort((a, b) => a - b)
    expect(Math.abs(verification.swaps.worstDifference - worst)).toBeLessThan(1e-12)
    expect(Math.abs(verification.swaps.medianDifference - differences[130]!)).toBeLessThan(1e-12)
  })
  it('matches every swap within the tolerance and reports the 50-digit differences', async () => {
    const { verification: v, trace } = replayPool(await loadReplayInput(V1))
    expect(v.swaps).toMatchObject({ total: 261, matched: 261, withinTolerance: 261, mismatched: 0 })
    // 1.2786e-7 is the relative difference of the cut's worst swap (measured, bpow)
    expect(v.swaps.worstDifference).toBeCloseTo(1.2786e-7, 10)
    expect(v.events).toEqual({ total: 263, swap: 261, join: 1, exit: 1 })
    expect(v.rows).toEqual({ read: 273, inCreationState: 3, plainTransfers: 5 })
    // the join mints and the exit burns 0.0314627351852568 BPT: back to 100
    const join = trace.events.find((e) => e.kind === 'join')!
    expect(join.supplyAfter).toBe(Number('100.0314627351852568')) // nearest float
    expect(v.finalState.totalSupply).toBe('100')
  })
})

describe('replayPool on the bundled V2 D2D/USDC cut', () => {
  it('matches every swap to the wei and every derived snapshot to the raw unit', async () => {
    const { verification: v } = replayPool(await loadReplayInput(V2))
    expect(v.swaps).toMatchObject({ total: 254, matched: 254, mismatched: 0, worstDifference: 0 })
    expect(v.swaps.givenIn + v.swaps.givenOut).toBe(254)
    expect(v.ordering).toMatchObject({
      blocksWithUnknownOrder: 3,
      reorderedBlocks: [13828914],
      blocksUnresolved: 0,
    })
    expect(v.snapshots!.comparisons.map((c) => [c.block, c.status])).toEqual([
      [13857999, 'match'],
      [14222069, 'match'],
      [14222070, 'failed-read'],
      [14595085, 'match'],
      [14652030, 'after-end'],
    ])
  })
  it('reads files named by absolute paths as written, relative ones beside the manifest', async () => {
    // The manifest moved to a temporary folder, its event files named by absolute paths.
    const manifest = JSON.parse(readFileSync(V2, 'utf8')) as ReplayManifest
    const absolute = (file: string) => path.resolve(path.dirname(V2), file)
    for (const spec of manifest.events) spec.file = absolute(spec.file)
    manifest.snapshots!.file = absolute(manifest.snapshots!.file)
    const moved = path.join(tempDir('amm-replay-abs-'), 'moved.json')
    writeFileSync(moved, JSON.stringify(manifest))
    const { verification: v } = replayPool(await loadReplayInput(moved))
    expect(v.swaps).toMatchObject({ total: 254, matched: 254 })
    expect(v.snapshots!.comparisons).toHaveLength(5)
  })
  it('reports the first mismatch at the block and position of an altered amount, and the snapshot after it', async () => {
    const input = await loadReplayInput(V2)
    // alter the recorded output of the swap on line 101 of d2dswap.csv by one raw unit
    const rows = input.rows.map((r) =>
      r.table === 'swap' && r.line === 101 ? { ...r, amountOutRaw: r.amountOutRaw! + 1n } : r,
    )
    const target = input.rows.find((r) => r.table === 'swap' && r.line === 101)!
    const { verification: v } = replayPool({ ...input, rows })
    expect(v.firstMismatch).toMatchObject({
      block: target.block,
      line: 101,
      logIndex: null,
      positionInBlock: 0,
    })
    expect(v.firstMismatch!.file).toMatch(/d2dswap\.csv$/)
    expect(v.swaps.mismatched).toBeGreaterThanOrEqual(1) // later swaps see the 1-unit state change
    // the altered output takes one more raw unit out: the next snapshot is 1 above the replay
    const snap = v.snapshots!.firstMismatch!
    expect(snap.block).toBe(14222069)
    expect(snap.balanceDifferencesRaw).toEqual(target.tokenOut === 0 ? ['1', '0'] : ['0', '1'])
  })
  it('fails swaps under the wrong fee, naming the first', async () => {
    const input = await loadReplayInput(V2)
    const { verification: v } = replayPool({
      ...input,
      manifest: { ...input.manifest, swapFee: 0.0099 },
    })
    expect(v.firstMismatch).toMatchObject({ block: 13823975, line: 2, amountOutRaw: '1000000000' })
  })
})

describe('importers and manifest errors', () => {
  const addresses = [A, B]
  it('names file, line, column, expected and found for a bad amount', () => {
    const text =
      'blocknumber,timestamp,tokenin,tokenout,amountin,amountout\n5,1600000000,' +
      A +
      ',' +
      B +
      ',1e18,5\n'
    const parse = () =>
      parseEventTable(text, { file: 's.csv', format: 'v2-vault', table: 'swap', addresses })
    expect(parse).toThrow(InputError)
    expect(parse).toThrow(expect.objectContaining({ code: 'BAD_ROW' }))
    expect(parse).toThrow(
      's.csv:2:amountin: expected a non-negative integer amount in raw units, found "1e18"',
    )
  })
  it('names the mapping that fixes a missing column', () => {
    const text =
      'blocknumber,timestamp,token1,tokenout,token1delta,token2delta,protocolfeetoken1,protocolfeetoken2\n'
    const parse = () =>
      parseEventTable(text, { file: 'b.csv', format: 'v2-vault', table: 'balance', addresses })
    expect(parse).toThrow(expect.objectContaining({ code: 'MISSING_COLUMN' }))
    expect(parse).toThrow(
      'b.csv:1: expected a column "token2", found "blocknumber", "timestamp", "token1", "tokenout", "token1delta", "token2delta", "protocolfeetoken1", "protocolfeetoken2"; map it with "columns": { "token2": "<header>" } in the manifest',
    )
  })
  it('rejects a token address the manifest does not list, and matches others case-insensitively', () => {
    const C = '0x' + 'c'.repeat(40)
    const text = `blocknumber,timestamp,tokenin,tokenout,amountin,amountout\n5,1600000000,${A.toUpperCase().replace('0X', '0x')},${C},1,1\n`
    const parse = () =>
      parseEventTable(text, { file: 's.csv', format: 'v2-vault', table: 'swap', addresses })
    expect(parse).toThrow(expect.objectContaining({ code: 'UNKNOWN_TOKEN' }))
    expect(parse).toThrow(
      `s.csv:2:tokenout: expected one of the manifest's token addresses (${A}, ${B}), found "${C}"`,
    )
  })
  it('reads a snapshot file through a column mapping, ISO and epoch timestamps alike', () => {
    const rows = parseSnapshotTable('blocknumber,toke1Balance,token2Balance\n7,10,20\n8,0,0\n', {
      file: 'p.csv',
      addresses,
      columns: { token1Balance: 'toke1Balance' },
    })
    expect(rows.map((r) => [r.block, r.balancesRaw, r.isFailedRead])).toEqual([
      [7, [10n, 20n], false],
      [8, [0n, 0n], true],
    ])
    const iso = parseEventTable(
      `block_number,block_timestamp,log_index,tokenIn,tokenAmountIn\n3,2020-12-07T13:40:06Z,4,${A},9\n`,
      {
        file: 'j.csv',
        format: 'v1-bigquery',
        table: 'join',
        addresses,
      },
    )
    expect(iso[0]).toMatchObject({
      block: 3,
      logIndex: 4,
      timestamp: 1607348406,
      deltasRaw: [9n, 0n],
    })
  })
  it('rejects a V2 manifest without a generation, with its JSON path', () => {
    const text = readFileSync(V2, 'utf8').replace('"generation": "exact-v2-2021",', '')
    const check = () => validateReplayManifest(text, 'm.json')
    expect(check).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID' }))
    expect(check).toThrow(
      'm.json: generation: required for protocol "v2": expected "exact-v2-2021" or "exact-v2"',
    )
  })
  it('keeps schema/replay-manifest.schema.json in step with the zod schema (npm run schema)', () => {
    const committed = readFileSync('schema/replay-manifest.schema.json', 'utf8')
    expect(committed).toBe(replayManifestJsonSchemaText())
    expect((JSON.parse(committed) as { title: string }).title).toBe('amm-sim replay manifest')
  })
})
