/**
 * The replay of a real pool's on-chain history: every event applied in (block, log index) order,
 * each swap's output recomputed from the state before it (V1 with the float model, V2 with the
 * exact integer maths of the manifest's contract generation), the order inside blocks without a
 * log index resolved by trying that block's orders, and the rebuilt balances compared with the
 * recorded snapshots. Pure: the rows come from {@link loadReplayInput} or from the caller.
 */
import { Decimal } from 'decimal.js'
import { PoolError } from '../../errors.js'
import { fromRaw, scalingFactorV2, toRaw } from '../../pool/exact/decimals.js'
import { exactV2, exactV2021 } from '../../pool/exact/api.js'
import type { V2PoolState } from '../../pool/exact/v2/types.js'
import { computeOutGivenIn } from '../../pool/float/swap.js'
import type { EventRow, SnapshotRow } from './importers.js'
import { V1_DEFAULT_TOLERANCE } from './manifest.js'
import type { ReplayManifest } from './manifest.js'
import type { ReplayEvent, ReplayTrace } from './trace.js'

/** Default most events of one block whose orders are all tried (6! = 720 orders). */
export const DEFAULT_MAX_ORDER_EVENTS = 6

/** What the replay reads: the validated manifest, the event rows of all files, the snapshots. */
export interface ReplayInput {
  readonly manifest: ReplayManifest
  /** Event rows of every file, files in manifest order, rows in file order. */
  readonly rows: readonly EventRow[]
  readonly snapshots: readonly SnapshotRow[] | null
}

/** How a swap's recorded output compares with the model's. */
export type SwapMatch = 'given-in' | 'given-out' | 'within-tolerance' | 'mismatch'

/** The first swap whose recorded amounts the model does not reproduce. */
export interface SwapMismatch {
  readonly block: number
  /** The export's log index, or null when it had none. */
  readonly logIndex: number | null
  /** 0-based position of the swap among its block's events in replay order. */
  readonly positionInBlock: number
  readonly file: string
  readonly line: number
  readonly tokenIn: string
  readonly tokenOut: string
  /** Recorded amounts, raw units as integer strings. */
  readonly amountInRaw: string
  readonly amountOutRaw: string
  /** The model's output for the recorded input, raw units (V2) or null when it reverted. */
  readonly recomputedOutRaw: string | null
  /** Difference in {@link ReplayVerification.differenceUnit}. */
  readonly difference: number
  readonly reason: string
}

/** A recorded snapshot against the replayed state at its block. */
export interface SnapshotComparison {
  readonly block: number
  readonly line: number
  /** `after-end`: the snapshot is later than the last event, so events are missing, not wrong. */
  readonly status: 'match' | 'mismatch' | 'failed-read' | 'after-end'
  /** Recorded minus replayed, raw units per token (integer strings). */
  readonly balanceDifferencesRaw: readonly string[]
  /** Recorded minus replayed BPT supply, raw (18 decimals), or null when either is unknown. */
  readonly supplyDifferenceRaw: string | null
}

/** The verification of a replay: what was applied and how well the model reproduces it. */
export interface ReplayVerification {
  readonly protocol: 'v1' | 'v2'
  /** V2's exact contract generation; null for V1. */
  readonly generation: string | null
  /** Swap fee, fraction. */
  readonly swapFee: number
  /** V1: largest relative difference that counts as a match; null for V2 (to the wei). */
  readonly tolerance: number | null
  /** `relative` (|model − recorded| / recorded, V1) or `raw` (raw units of tokenOut, V2). */
  readonly differenceUnit: 'relative' | 'raw'
  readonly rows: {
    readonly read: number
    /** Rows at or before the creation block, already in the creation state. */
    readonly inCreationState: number
    /** BPT transfers that neither mint nor burn. */
    readonly plainTransfers: number
  }
  readonly events: {
    readonly total: number
    readonly swap: number
    readonly join: number
    readonly exit: number
  }
  readonly swaps: {
    readonly total: number
    readonly matched: number
    readonly givenIn: number
    readonly givenOut: number
    readonly withinTolerance: number
    readonly mismatched: number
    /** Differences in {@link differenceUnit}: largest, median and 99th percentile over swaps. */
    readonly worstDifference: number
    readonly medianDifference: number
    readonly p99Difference: number
  }
  readonly firstMismatch: SwapMismatch | null
  readonly ordering: {
    /** Blocks with several events and no log index: their order had to be resolved. */
    readonly blocksWithUnknownOrder: number
    /** Of those, blocks whose resolved order differs from file order. */
    readonly blocksReordered: number
    /** Of those, blocks where no order tried made every swap match (file order kept). */
    readonly blocksUnresolved: number
    /** Of those, blocks with more than `maxOrderEvents` events: not tried, file order kept. */
    readonly blocksTooLarge: number
    readonly maxOrderEvents: number
    /** The block numbers reordered, and those left unresolved. */
    readonly reorderedBlocks: readonly number[]
    readonly unresolvedBlocks: readonly number[]
  }
  readonly snapshots: {
    readonly total: number
    readonly matched: number
    readonly mismatched: number
    readonly failedReads: number
    readonly afterEnd: number
    readonly firstMismatch: SnapshotComparison | null
    readonly comparisons: readonly SnapshotComparison[]
  } | null
  readonly finalState: {
    /** Block of the last event. */
    readonly block: number | null
    /** Replayed balances, token units, exact decimal strings. */
    readonly balances: readonly string[]
    /** Replayed BPT supply, BPT units, or null when unknown (V2 events carry no BPT). */
    readonly totalSupply: string | null
    /** The last snapshot that is a valid read, with its comparison. */
    readonly lastSnapshot: SnapshotComparison | null
  }
}

/** A replay's two results: the plain-data history and its verification. */
export interface ReplayResult {
  readonly trace: ReplayTrace
  readonly verification: ReplayVerification
}

/** One pool action: a swap, or the join/exit rows of one transaction with their BPT mint/burn. */
interface Action {
  readonly kind: 'swap' | 'join' | 'exit'
  readonly block: number
  readonly logIndex: number | null
  readonly timestamp: number
  readonly first: EventRow
  readonly deltasRaw: readonly bigint[]
  readonly protocolFeesRaw: readonly bigint[] | null
  readonly supplyChangeRaw: bigint
}

interface PoolStateRaw {
  balancesRaw: bigint[]
  supplyRaw: bigint | null
}

interface SwapCheck {
  readonly match: SwapMatch
  readonly difference: number
  readonly recomputedOutRaw: bigint | null
  readonly reason: string
}

/** The pool's constants the checks need, computed once. */
interface Model {
  readonly manifest: ReplayManifest
  readonly decimals: readonly number[]
  readonly weights: readonly number[]
  readonly tolerance: number
  readonly v2: {
    readonly math: typeof exactV2 | typeof exactV2021
    readonly scalingFactors: readonly bigint[]
    readonly weights: readonly bigint[]
    readonly swapFee: bigint
  } | null
}

const toUnits = (raw: bigint, decimals: number): number => Number(fromRaw(raw, decimals))

function createModel(manifest: ReplayManifest): Model {
  const decimals = manifest.tokens.map((t) => t.decimals)
  const sum = manifest.tokens.reduce((s, t) => s + t.weight, 0)
  const weights = manifest.tokens.map((t) => t.weight / sum)
  let v2: Model['v2'] = null
  if (manifest.protocol === 'v2') {
    // 18-decimal weights from the decimal weights, the last one taking the rounding, so they sum
    // to exactly 1e18 as the factory requires.
    const D = Decimal.clone({ precision: 50 })
    const total = manifest.tokens.reduce((s, t) => s.plus(t.weight), new D(0))
    const fixed = manifest.tokens.map((t) =>
      toRaw(new D(t.weight).div(total).toFixed(18, Decimal.ROUND_DOWN), 18),
    )
    fixed[fixed.length - 1] = 10n ** 18n - fixed.slice(0, -1).reduce((s, w) => s + w, 0n)
    v2 = {
      math: manifest.generation === 'exact-v2-2021' ? exactV2021 : exactV2,
      scalingFactors: decimals.map(scalingFactorV2),
      weights: fixed,
      swapFee: toRaw(new D(manifest.swapFee).toFixed(18, Decimal.ROUND_HALF_EVEN), 18),
    }
  }
  return {
    manifest,
    decimals,
    weights,
    tolerance: manifest.tolerance ?? V1_DEFAULT_TOLERANCE,
    v2,
  }
}

/** Recomputes a swap from the state before it and compares with the recorded amounts. */
function checkSwap(model: Model, state: PoolStateRaw, action: Action): SwapCheck {
  const { tokenIn, tokenOut, amountInRaw, amountOutRaw } = action.first as Required<EventRow>
  const balanceIn = state.balancesRaw[tokenIn]!
  const balanceOut = state.balancesRaw[tokenOut]!
  if (balanceIn <= 0n || balanceOut <= 0n)
    return {
      match: 'mismatch',
      difference: Infinity,
      recomputedOutRaw: null,
      reason: 'a balance is zero or negative before the swap (is the creation state right?)',
    }
  if (model.v2 === null) {
    const d = model.decimals
    const recorded = toUnits(amountOutRaw, d[tokenOut]!)
    const out = computeOutGivenIn(
      toUnits(balanceIn, d[tokenIn]!),
      model.weights[tokenIn]!,
      toUnits(balanceOut, d[tokenOut]!),
      model.weights[tokenOut]!,
      toUnits(amountInRaw, d[tokenIn]!),
      model.manifest.swapFee,
    )
    const difference = recorded === 0 ? Math.abs(out) : Math.abs(out - recorded) / recorded
    const isMatch = difference <= model.tolerance
    return {
      match: isMatch ? 'within-tolerance' : 'mismatch',
      difference,
      recomputedOutRaw: null,
      reason: isMatch
        ? ''
        : `model output differs by ${difference.toExponential(3)} relative, above the tolerance ${model.tolerance}`,
    }
  }
  const { math, scalingFactors, weights, swapFee } = model.v2
  const pool: V2PoolState = {
    balancesRaw: state.balancesRaw,
    scalingFactors,
    weights,
    swapFee,
    totalSupply: 10n ** 18n, // swaps do not read the supply
  }
  let recomputed: bigint | null = null
  let reason = ''
  try {
    recomputed = math.outGivenIn(pool, tokenIn, tokenOut, amountInRaw)
    if (recomputed === amountOutRaw)
      return { match: 'given-in', difference: 0, recomputedOutRaw: recomputed, reason: '' }
  } catch (error) {
    if (!(error instanceof PoolError)) throw error
    reason = `given-in reverts: ${error.message}`
  }
  try {
    if (math.inGivenOut(pool, tokenIn, tokenOut, amountOutRaw) === amountInRaw)
      return { match: 'given-out', difference: 0, recomputedOutRaw: recomputed, reason: '' }
  } catch (error) {
    if (!(error instanceof PoolError)) throw error
    reason += `${reason ? '; ' : ''}given-out reverts: ${error.message}`
  }
  const difference = recomputed === null ? Infinity : Math.abs(Number(recomputed - amountOutRaw))
  return {
    match: 'mismatch',
    difference,
    recomputedOutRaw: recomputed,
    reason: reason || 'neither the given-in nor the given-out recomputation equals the record',
  }
}

function applyAction(state: PoolStateRaw, action: Action): PoolStateRaw {
  return {
    balancesRaw: state.balancesRaw.map((b, k) => b + action.deltasRaw[k]!),
    supplyRaw: state.supplyRaw === null ? null : state.supplyRaw + action.supplyChangeRaw,
  }
}

/** Groups the rows of one block (already in replay order) into actions. */
function blockActions(rows: readonly EventRow[], n: number): Action[] {
  const actions: Action[] = []
  const liquidity = new Map<string, { rows: EventRow[]; index: number }>()
  for (const row of rows) {
    if (row.table === 'swap') {
      const deltasRaw = new Array<bigint>(n).fill(0n)
      deltasRaw[row.tokenIn!] = row.amountInRaw!
      deltasRaw[row.tokenOut!] = -row.amountOutRaw!
      actions.push(action('swap', [row], deltasRaw, null, 0n))
      continue
    }
    // V1 join/exit rows (one per token) and their BPT mint/burn share a transaction
    const key = row.tx ?? `row:${row.file}:${row.line}`
    const group = liquidity.get(key)
    if (group && row.tx !== null) group.rows.push(row)
    else {
      liquidity.set(key, { rows: [row], index: actions.length })
      actions.push(undefined as unknown as Action) // placeholder, filled below
    }
  }
  for (const { rows: group, index } of liquidity.values()) {
    const deltasRaw = new Array<bigint>(n).fill(0n)
    let fees: bigint[] | null = null
    let supply = 0n
    for (const row of group) {
      row.deltasRaw?.forEach((d, k) => (deltasRaw[k] = deltasRaw[k]! + d))
      if (row.protocolFeesRaw) {
        fees ??= new Array<bigint>(n).fill(0n)
        row.protocolFeesRaw.forEach((f, k) => {
          fees![k] = fees![k]! + f
          deltasRaw[k] = deltasRaw[k]! - f // PoolBalanceChanged: the pool keeps delta − protocol fee
        })
      }
      supply += row.supplyChangeRaw ?? 0n
    }
    const isExit = supply < 0n || deltasRaw.some((d) => d < 0n)
    actions[index] = action(isExit ? 'exit' : 'join', group, deltasRaw, fees, supply)
  }
  return actions
}

function action(
  kind: Action['kind'],
  rows: readonly EventRow[],
  deltasRaw: readonly bigint[],
  protocolFeesRaw: readonly bigint[] | null,
  supplyChangeRaw: bigint,
): Action {
  const first = rows.find((r) => r.table !== 'transfer') ?? rows[0]!
  return {
    kind,
    block: first.block,
    logIndex: rows[0]!.logIndex,
    timestamp: first.timestamp,
    first,
    deltasRaw,
    protocolFeesRaw,
    supplyChangeRaw,
  }
}

/** Every permutation of 0..n-1, identity first (lexicographic order). */
function* permutations(n: number): Generator<number[]> {
  const p = Array.from({ length: n }, (_, i) => i)
  for (;;) {
    yield [...p]
    let i = n - 2
    while (i >= 0 && p[i]! >= p[i + 1]!) i--
    if (i < 0) return
    let j = n - 1
    while (p[j]! <= p[i]!) j--
    ;[p[i], p[j]] = [p[j]!, p[i]!]
    p.splice(i + 1, n - i - 1, ...p.slice(i + 1).reverse())
  }
}

/** Swaps matched when `actions` are applied in order from `state`. */
function countMatches(model: Model, state: PoolStateRaw, actions: readonly Action[]): number {
  let s = state
  let matched = 0
  for (const a of actions) {
    if (a.kind === 'swap' && checkSwap(model, s, a).match !== 'mismatch') matched++
    s = applyAction(s, a)
  }
  return matched
}

const percentile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

/**
 * Replays a pool's recorded history and verifies the model against it.
 * @param input - the validated manifest, the event rows and the snapshots (amounts raw)
 * @returns the plain-data trace (token units) and the verification
 * @throws {InputError} none: bad rows are rejected by the importers; model reverts are reported
 *   as mismatches, not thrown
 * @example const { trace, verification } = replayPool(await loadReplayInput('examples/replay/v2-d2d-usdc.json'))
 */
export function replayPool(input: ReplayInput): ReplayResult {
  const { manifest } = input
  const model = createModel(manifest)
  const n = manifest.tokens.length
  const d = model.decimals
  const maxOrderEvents = manifest.maxOrderEvents ?? DEFAULT_MAX_ORDER_EVENTS
  const initial = manifest.initial
  const creationBlock = initial === 'from-zero' ? -1 : (initial.block ?? -1)
  const initialState: PoolStateRaw =
    initial === 'from-zero'
      ? {
          balancesRaw: new Array<bigint>(n).fill(0n),
          supplyRaw: manifest.protocol === 'v1' ? 0n : null,
        }
      : {
          balancesRaw: initial.balances.map((b, k) => toRaw(b, d[k]!, 'nearest')),
          supplyRaw:
            initial.totalSupply === undefined ? null : toRaw(initial.totalSupply, 18, 'nearest'),
        }

  // rows: skip those in the creation state and plain BPT transfers; sort by (block, log index)
  let inCreationState = 0
  let plainTransfers = 0
  const kept: { row: EventRow; order: number }[] = []
  input.rows.forEach((row, order) => {
    if (row.block <= creationBlock) inCreationState++
    else if (row.table === 'transfer' && row.supplyChangeRaw === 0n) plainTransfers++
    else kept.push({ row, order })
  })
  kept.sort(
    (a, b) =>
      a.row.block - b.row.block ||
      (a.row.logIndex ?? -1) - (b.row.logIndex ?? -1) ||
      a.order - b.order,
  )

  const blocks: EventRow[][] = []
  for (const { row } of kept) {
    const last = blocks[blocks.length - 1]
    if (last && last[0]!.block === row.block) last.push(row)
    else blocks.push([row])
  }

  const snapshots = [...(input.snapshots ?? [])].sort((a, b) => a.block - b.block)
  const lastEventBlock = blocks.length ? blocks[blocks.length - 1]![0]!.block : null
  const comparisons: SnapshotComparison[] = []
  let nextSnapshot = 0
  const compareSnapshots = (state: PoolStateRaw, beforeBlock: number) => {
    while (nextSnapshot < snapshots.length && snapshots[nextSnapshot]!.block < beforeBlock) {
      comparisons.push(compareSnapshot(snapshots[nextSnapshot]!, state, lastEventBlock))
      nextSnapshot++
    }
  }

  let state = initialState
  const events: ReplayEvent[] = []
  const differences: number[] = []
  const counts = { givenIn: 0, givenOut: 0, withinTolerance: 0, mismatched: 0 }
  const kinds = { swap: 0, join: 0, exit: 0 }
  const ordering = {
    blocksWithUnknownOrder: 0,
    blocksReordered: 0,
    blocksUnresolved: 0,
    blocksTooLarge: 0,
  }
  const reorderedBlocks: number[] = []
  const unresolvedBlocks: number[] = []
  let firstMismatch: SwapMismatch | null = null

  for (const rows of blocks) {
    const block = rows[0]!.block
    compareSnapshots(state, block)
    let actions = blockActions(rows, n)
    if (actions.length > 1 && actions.some((a) => a.logIndex === null)) {
      ordering.blocksWithUnknownOrder++
      const swaps = actions.filter((a) => a.kind === 'swap').length
      if (actions.length > maxOrderEvents) {
        ordering.blocksTooLarge++
        if (countMatches(model, state, actions) < swaps) {
          ordering.blocksUnresolved++
          unresolvedBlocks.push(block)
        }
      } else {
        let best = actions
        let bestScore = -1
        for (const p of permutations(actions.length)) {
          const candidate = p.map((i) => actions[i]!)
          const score = countMatches(model, state, candidate)
          if (score > bestScore) [best, bestScore] = [candidate, score]
          if (score === swaps) break
        }
        if (best.some((a, i) => a !== actions[i])) {
          ordering.blocksReordered++
          reorderedBlocks.push(block)
        }
        if (bestScore < swaps) {
          ordering.blocksUnresolved++
          unresolvedBlocks.push(block)
        }
        actions = best
      }
    }
    actions.forEach((a, position) => {
      kinds[a.kind]++
      let swap: ReplayEvent['swap']
      if (a.kind === 'swap') {
        const check = checkSwap(model, state, a)
        const row = a.first as Required<EventRow>
        differences.push(check.difference)
        if (check.match === 'given-in') counts.givenIn++
        else if (check.match === 'given-out') counts.givenOut++
        else if (check.match === 'within-tolerance') counts.withinTolerance++
        else {
          counts.mismatched++
          firstMismatch ??= {
            block,
            logIndex: a.logIndex,
            positionInBlock: position,
            file: row.file,
            line: row.line,
            tokenIn: manifest.tokens[row.tokenIn]!.symbol,
            tokenOut: manifest.tokens[row.tokenOut]!.symbol,
            amountInRaw: row.amountInRaw.toString(),
            amountOutRaw: row.amountOutRaw.toString(),
            recomputedOutRaw: check.recomputedOutRaw?.toString() ?? null,
            difference: check.difference,
            reason: check.reason,
          }
        }
        const amountIn = toUnits(row.amountInRaw, d[row.tokenIn]!)
        swap = {
          tokenIn: row.tokenIn,
          tokenOut: row.tokenOut,
          amountIn,
          amountOut: toUnits(row.amountOutRaw, d[row.tokenOut]!),
          feeAmount: amountIn * manifest.swapFee,
        }
      }
      state = applyAction(state, a)
      events.push({
        kind: a.kind,
        block,
        logIndex: a.logIndex,
        timestamp: a.timestamp,
        deltas: a.deltasRaw.map((x, k) => toUnits(x, d[k]!)),
        balancesAfter: state.balancesRaw.map((x, k) => toUnits(x, d[k]!)),
        supplyAfter: state.supplyRaw === null ? null : toUnits(state.supplyRaw, 18),
        ...(swap ? { swap } : {}),
        ...(a.protocolFeesRaw && a.protocolFeesRaw.some((f) => f !== 0n)
          ? { protocolFees: a.protocolFeesRaw.map((x, k) => toUnits(x, d[k]!)) }
          : {}),
      })
    })
  }
  compareSnapshots(state, Infinity)

  const sorted = [...differences].sort((a, b) => a - b)
  const valid = comparisons.filter((c) => c.status !== 'failed-read')
  const lastSnapshot = valid.length ? valid[valid.length - 1]! : null
  const swapsTotal = differences.length
  const verification: ReplayVerification = {
    protocol: manifest.protocol,
    generation: manifest.generation ?? null,
    swapFee: manifest.swapFee,
    tolerance: manifest.protocol === 'v1' ? model.tolerance : null,
    differenceUnit: manifest.protocol === 'v1' ? 'relative' : 'raw',
    rows: { read: input.rows.length, inCreationState, plainTransfers },
    events: { total: events.length, ...kinds },
    swaps: {
      total: swapsTotal,
      matched: swapsTotal - counts.mismatched,
      ...counts,
      worstDifference: sorted.length ? sorted[sorted.length - 1]! : 0,
      medianDifference: percentile(sorted, 0.5),
      p99Difference: percentile(sorted, 0.99),
    },
    firstMismatch,
    ordering: { ...ordering, maxOrderEvents, reorderedBlocks, unresolvedBlocks },
    snapshots:
      input.snapshots === null
        ? null
        : {
            total: comparisons.length,
            matched: comparisons.filter((c) => c.status === 'match').length,
            mismatched: comparisons.filter((c) => c.status === 'mismatch').length,
            failedReads: comparisons.filter((c) => c.status === 'failed-read').length,
            afterEnd: comparisons.filter((c) => c.status === 'after-end').length,
            firstMismatch: comparisons.find((c) => c.status === 'mismatch') ?? null,
            comparisons,
          },
    finalState: {
      block: lastEventBlock,
      balances: state.balancesRaw.map((x, k) => fromRaw(x, d[k]!)),
      totalSupply: state.supplyRaw === null ? null : fromRaw(state.supplyRaw, 18),
      lastSnapshot,
    },
  }
  const trace: ReplayTrace = {
    pool: {
      name: manifest.name,
      protocol: manifest.protocol,
      tokens: manifest.tokens.map((t) => t.symbol),
      decimals: d,
      weights: model.weights,
      swapFee: manifest.swapFee,
    },
    initialBalances: initialState.balancesRaw.map((x, k) => toUnits(x, d[k]!)),
    initialSupply: initialState.supplyRaw === null ? null : toUnits(initialState.supplyRaw, 18),
    events,
  }
  return { trace, verification }
}

function compareSnapshot(
  snapshot: SnapshotRow,
  state: PoolStateRaw,
  lastEventBlock: number | null,
): SnapshotComparison {
  const isFailedRead = snapshot.isFailedRead
  const balanceDifferencesRaw = snapshot.balancesRaw.map((b, k) =>
    (b - state.balancesRaw[k]!).toString(),
  )
  const supplyDifferenceRaw =
    snapshot.supplyRaw === null || state.supplyRaw === null
      ? null
      : (snapshot.supplyRaw - state.supplyRaw).toString()
  const isEqual =
    balanceDifferencesRaw.every((x) => x === '0') &&
    (supplyDifferenceRaw === null || supplyDifferenceRaw === '0')
  const status = isFailedRead
    ? 'failed-read'
    : lastEventBlock !== null && snapshot.block > lastEventBlock && !isEqual
      ? 'after-end'
      : isEqual
        ? 'match'
        : 'mismatch'
  return {
    block: snapshot.block,
    line: snapshot.line,
    status,
    balanceDifferencesRaw,
    supplyDifferenceRaw,
  }
}
