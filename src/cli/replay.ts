/** `amm-sim replay`: a real pool's on-chain history replayed and verified, report written. */
import path from 'node:path'
import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import {
  analyseReplay,
  fmt,
  loadReplayFeed,
  loadReplayInput,
  replayPool,
  runCounterfactual,
  writeReplayEconomics,
  writeReplayReport,
} from '../index.js'
import type { ReplayResult } from '../index.js'
import { EXIT_CODES_HELP, EXIT_OK, EXIT_RUN_FAILED, parseSeconds } from './shared.js'
import type { Guard } from './shared.js'

interface ReplayFlags {
  prices?: string[]
  out: string
  debug?: boolean
  maxAge?: number
  counterfactual?: boolean
  fee?: number[]
  charts?: boolean
}

/** `--fee 0.003`: a swap fee as a fraction in [0, 1). */
function parseFee(value: string, previous: number[] = []): number[] {
  const fee = Number(value)
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(value.trim()) || !(fee >= 0 && fee < 1))
    throw new InvalidArgumentError(
      `expected a fraction from 0 to below 1 (0.003 = 0.3 %), found "${value}"`,
    )
  return [...previous, fee]
}

/** The price-feed analysis: economics (and the counterfactual) into `dir`; its stdout lines. */
async function economics(result: ReplayResult, dir: string, flags: ReplayFlags): Promise<string> {
  const feed = await loadReplayFeed(flags.prices ?? [], result.trace.pool.tokens)
  const analysis = analyseReplay(result.trace, feed, {
    ...(flags.maxAge !== undefined ? { maxAge: flags.maxAge } : {}),
  })
  const counterfactual =
    flags.counterfactual === true || (flags.fee?.length ?? 0) > 0
      ? runCounterfactual(analysis, feed, { swapFees: flags.fee ?? [] })
      : null
  await writeReplayEconomics(dir, analysis, counterfactual, { hasCharts: flags.charts !== false })
  const t = analysis.totals
  const pct = (x: number) => `${Number((x * 100).toPrecision(3))} %`
  const unit = analysis.numeraire
  const lines = [
    `price feed (${unit}): ${analysis.events.analysed} events analysed, ${analysis.events.beforeFeed} before the feed, ${analysis.events.stale} priced from a point older than ${analysis.maxAge} s`,
    `LP vs HODL (${analysis.basis === 'share' ? 'per BPT' : 'per unit'}): ${pct(t.returnVsHodl)}; fees ${fmt(t.feeIncome)} ${unit}, LVR ${fmt(t.lvr)} ${unit}; arbitrage ${pct(t.arbShare)} of volume ${fmt(t.volume)} ${unit}`,
  ]
  if (counterfactual) {
    const c = counterfactual
    lines.push(
      `counterfactual (perfect arbitrageur, fee ${pct(c.engine.swapFee)}): LP vs HODL ${pct(c.engine.returnVsHodl)}, fees ${pct(c.engine.feeYield)} and LVR ${pct(c.engine.lvrYield)} of value (real: ${pct(c.real.feeYield)}, ${pct(c.real.lvrYield)})`,
      ...c.fees.map(
        (f) =>
          `  at fee ${pct(f.swapFee)}: LP vs HODL ${pct(f.returnVsHodl)}, fees ${pct(f.feeYield)}, LVR ${pct(f.lvrYield)} of value`,
      ),
    )
  }
  lines.push(`economics: ${path.join(dir, 'economics.md')}`)
  return `${lines.join('\n')}\n`
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
    process.stdout.write(await economics(result, dir, flags))
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
    .option(
      '--max-age <duration>',
      'with --prices: count events priced from a feed point older than this (default 1h)',
      parseSeconds,
    )
    .option(
      '--counterfactual',
      'with --prices: run the feed through the engine beside the real pool',
    )
    .option(
      '--fee <fraction...>',
      'with --prices: counterfactual swap fees to compare (0.003)',
      parseFee,
    )
    .option('--no-charts', 'with --prices: no charts/replay-*.png')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Exit 1 when a swap or a snapshot does not match (the report says which first).

Examples:
  amm-sim replay examples/replay/v2-d2d-usdc.json
  amm-sim replay examples/replay/v1-weth-dai.json --out reports
  amm-sim replay pool.json --prices ETHUSD.csv DAIUSD.csv --counterfactual --fee 0.001 0.003
${EXIT_CODES_HELP}`,
    )
    .action(guard((manifest: string, flags: ReplayFlags) => replayCommand(manifest, flags)))
}
