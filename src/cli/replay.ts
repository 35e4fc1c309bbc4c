/** `amm-sim replay`: a real pool's on-chain history replayed and verified, report written. */
import path from 'node:path'
import type { Command } from 'commander'
import { fmt, loadReplayInput, replayPool, writeReplayReport } from '../index.js'
import type { ReplayResult } from '../index.js'
import { EXIT_CODES_HELP, EXIT_OK, EXIT_RUN_FAILED } from './shared.js'
import type { Guard } from './shared.js'

interface ReplayFlags {
  prices?: string[]
  out: string
  debug?: boolean
}

/** The short summary printed on stdout. */
function summary(result: ReplayResult, dir: string): string {
  const v = result.verification
  const s = v.swaps
  const unit = v.differenceUnit === 'relative' ? 'relative' : 'raw units'
  const lines = [
    `${result.trace.pool.name}: ${v.events.total} events replayed (swaps ${v.events.swap}, joins ${v.events.join}, exits ${v.events.exit})`,
    `swaps matched: ${s.matched}/${s.total} ${v.tolerance === null ? `to the wei (given-in ${s.givenIn}, given-out ${s.givenOut})` : `within ${fmt(v.tolerance)} relative`}; ` +
      `difference (${unit}) worst ${fmt(s.worstDifference)}, median ${fmt(s.medianDifference)}`,
  ]
  const m = v.firstMismatch
  if (m)
    lines.push(
      `first mismatch: block ${m.block}, ${m.logIndex === null ? `position ${m.positionInBlock}` : `log index ${m.logIndex}`} (${m.file}:${m.line})`,
    )
  const o = v.ordering
  if (o.blocksWithUnknownOrder > 0)
    lines.push(
      `blocks without log index: ${o.blocksWithUnknownOrder}, reordered ${o.blocksReordered}, unresolved ${o.blocksUnresolved}`,
    )
  if (v.snapshots)
    lines.push(
      `snapshots: ${v.snapshots.matched} equal, ${v.snapshots.mismatched} different, failed reads ${v.snapshots.failedReads}, ${v.snapshots.afterEnd} after the event files end`,
    )
  lines.push(`report: ${path.join(dir, 'replay.md')}`)
  return `${lines.join('\n')}\n`
}

/** Runs `amm-sim replay`: exit 0 when every swap and snapshot matches, 1 when one does not. */
export async function replayCommand(manifest: string, flags: ReplayFlags): Promise<number> {
  const result = replayPool(await loadReplayInput(manifest))
  const dir = path.join(flags.out, result.trace.pool.name)
  await writeReplayReport(dir, result)
  process.stdout.write(summary(result, dir))
  if (flags.prices !== undefined && flags.prices.length > 0)
    process.stdout.write('price-feed analysis: not available in this build\n')
  const v = result.verification
  return v.swaps.mismatched > 0 || (v.snapshots?.mismatched ?? 0) > 0 ? EXIT_RUN_FAILED : EXIT_OK
}

/** Adds `amm-sim replay` to `program`. */
export function registerReplay(program: Command, guard: Guard): void {
  program
    .command('replay')
    .description(
      "replay a real pool's on-chain events, verify every swap, write <out>/<pool name>/replay.md",
    )
    .argument('<manifest>', 'replay manifest (JSON; see docs/replay.md)')
    .option('--prices <file...>', 'external price feed(s), any supported price format')
    .option('--out <dir>', 'report folder', 'out')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Exit 1 when a swap or a snapshot does not match (the report says which first).

Examples:
  amm-sim replay examples/replay/v2-d2d-usdc.json
  amm-sim replay examples/replay/v1-weth-dai.json --out reports
${EXIT_CODES_HELP}`,
    )
    .action(guard((manifest: string, flags: ReplayFlags) => replayCommand(manifest, flags)))
}
