/**
 * The replay report: `replay.json` (the verification and the pool, plain data) and `replay.md`
 * (the same in words, with units), written together into `<out>/<pool name>/`.
 */
import { fmt } from '../errors.js'
import type { ReplayResult } from '../sim/replay/replay.js'
import { writeFolderAtomically } from './atomicWrite.js'
import { escapeMarkdown } from './markdownText.js'

/**
 * The contents of `replay.json`: pool, creation state, final state and verification; the events
 * themselves stay in the library's {@link ReplayResult.trace} (a full pool has tens of thousands).
 * @param result - a replay's result
 * @returns JSON text, two-space indented, keys in a fixed order, ending in a newline
 * @example formatReplayJson(replayPool(input))
 */
export function formatReplayJson(result: ReplayResult): string {
  const { trace, verification } = result
  const body = {
    pool: trace.pool,
    initialBalances: trace.initialBalances,
    initialSupply: trace.initialSupply,
    verification,
  }
  return `${JSON.stringify(body, null, 2)}\n`
}

const count = (n: number, total: number) =>
  `${n} of ${total}${total > 0 ? ` (${((100 * n) / total).toFixed(2)} %)` : ''}`

/**
 * The contents of `replay.md`: what was replayed and how well the model reproduces it.
 * @param result - a replay's result
 * @returns Markdown text ending in a newline
 * @example formatReplayMarkdown(replayPool(input))
 */
export function formatReplayMarkdown(result: ReplayResult): string {
  const { trace, verification: v } = result
  const { pool } = trace
  const unit =
    v.differenceUnit === 'relative'
      ? 'relative, |model − recorded| / recorded'
      : 'raw units of the token out (wei; 1e-6 USDC)'
  const lines = [
    `# Replay of ${escapeMarkdown(pool.name)}`,
    '',
    `Protocol ${pool.protocol.toUpperCase()}${v.generation ? `, exact maths \`${v.generation}\`` : ', float model'}; ` +
      `tokens ${pool.tokens.map((t, i) => `${escapeMarkdown(t)} (weight ${fmt(pool.weights[i]!)})`).join(', ')}; ` +
      `swap fee ${(pool.swapFee * 100).toFixed(4)} %.`,
    '',
    '## Events',
    '',
    `| rows read | in the creation state | plain BPT transfers | events replayed | swaps | joins | exits |`,
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${v.rows.read} | ${v.rows.inCreationState} | ${v.rows.plainTransfers} | ${v.events.total} | ${v.events.swap} | ${v.events.join} | ${v.events.exit} |`,
    '',
    '## Swaps recomputed from the state before each',
    '',
    v.tolerance === null
      ? `A swap matches when the exact maths gives the recorded output for the recorded input (given-in) or the recorded input for the recorded output (given-out), to the wei.`
      : `A swap matches when the float model's output for the recorded input is within ${fmt(v.tolerance)} (relative) of the recorded output; BPool's fixed-point \`bpow\` approximation explains differences of this size.`,
    '',
    `- matched: ${count(v.swaps.matched, v.swaps.total)}` +
      (v.tolerance === null ? ` (given-in ${v.swaps.givenIn}, given-out ${v.swaps.givenOut})` : ''),
    `- mismatched: ${v.swaps.mismatched}`,
    `- difference (${unit}): worst ${fmt(v.swaps.worstDifference)}, median ${fmt(v.swaps.medianDifference)}, 99th percentile ${fmt(v.swaps.p99Difference)}`,
  ]
  const m = v.firstMismatch
  lines.push(
    m === null
      ? '- first mismatch: none'
      : `- first mismatch: block ${m.block}, ${m.logIndex === null ? `position ${m.positionInBlock} in the block` : `log index ${m.logIndex}`} (${escapeMarkdown(m.file)} line ${m.line}): ${escapeMarkdown(m.tokenIn)} in ${m.amountInRaw}, ${escapeMarkdown(m.tokenOut)} out ${m.amountOutRaw} recorded, ${m.recomputedOutRaw ?? 'revert'} recomputed; ${escapeMarkdown(m.reason)}`,
  )
  const o = v.ordering
  lines.push(
    '',
    '## Order inside blocks',
    '',
    `Blocks with several events and no log index: ${o.blocksWithUnknownOrder}; ` +
      `reordered (an order other than file order made the swaps match): ${o.blocksReordered}` +
      `${o.reorderedBlocks.length ? ` (${o.reorderedBlocks.join(', ')})` : ''}; ` +
      `unresolved: ${o.blocksUnresolved}${o.unresolvedBlocks.length ? ` (${o.unresolvedBlocks.join(', ')})` : ''}; ` +
      `more than ${o.maxOrderEvents} events, file order kept: ${o.blocksTooLarge}.`,
  )
  const s = v.snapshots
  if (s !== null) {
    lines.push(
      '',
      '## Snapshots',
      '',
      `Each snapshot is compared with the replayed balances after every event of its block, to the raw unit. ` +
        `Equal: ${s.matched}; different: ${s.mismatched}; failed reads (zero balances or empty supply): ${s.failedReads}; ` +
        `after the event files end: ${s.afterEnd}; total ${s.total}.`,
    )
    if (s.firstMismatch)
      lines.push(
        '',
        `First different snapshot: block ${s.firstMismatch.block} (line ${s.firstMismatch.line}), recorded minus replayed, raw: ${s.firstMismatch.balanceDifferencesRaw.join(', ')}.`,
      )
  }
  const f = v.finalState
  lines.push(
    '',
    '## Final state',
    '',
    `After block ${f.block ?? '–'}: ${pool.tokens.map((t, i) => `${escapeMarkdown(t)} ${f.balances[i]}`).join(', ')} (token units)` +
      `${f.totalSupply === null ? '' : `; BPT supply ${f.totalSupply}`}.`,
  )
  if (f.lastSnapshot)
    lines.push(
      `Last valid snapshot (block ${f.lastSnapshot.block}): ${f.lastSnapshot.status}, recorded minus replayed, raw: ${f.lastSnapshot.balanceDifferencesRaw.join(', ')}.`,
    )
  return `${lines.join('\n')}\n`
}

/**
 * Writes `replay.json` and `replay.md` into `dir` at once (the old folder stays until both exist).
 * @param dir - the report folder, `<out>/<pool name>`
 * @param result - a replay's result
 * @throws {RunError} `REPORT_WRITE`
 * @example await writeReplayReport('out/v2-d2d-usdc', result)
 */
export async function writeReplayReport(dir: string, result: ReplayResult): Promise<void> {
  await writeFolderAtomically(
    dir,
    new Map([
      ['replay.json', formatReplayJson(result)],
      ['replay.md', formatReplayMarkdown(result)],
    ]),
  )
}
