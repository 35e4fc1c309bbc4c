/** `amm-sim merge`: the partial results of every shard of a sweep into its report. */
import path from 'node:path'
import type { Command } from 'commander'
import { mergeSweepPartials, packageVersion, writeSweepReport } from '../index.js'
import { EXIT_CODES_HELP, EXIT_OK, EXIT_RUN_FAILED } from './shared.js'
import type { Guard } from './shared.js'

interface MergeFlags {
  out: string
  charts: boolean
  debug?: boolean
}

/**
 * `amm-sim merge`. Checks that the partials are every shard of one sweep (same scenario, seed,
 * version and shard count, none twice, none missing; exit 2 otherwise) and writes the report the
 * unsharded sweep writes, byte for byte. Exit 1 when some task had failed.
 */
export async function mergeCommand(partials: string[], flags: MergeFlags): Promise<number> {
  const version = packageVersion()
  const result = await mergeSweepPartials(partials, version)
  const dir = path.join(flags.out, result.scenario.name)
  await writeSweepReport(result, { dir, version, hasCharts: flags.charts })
  process.stdout.write(
    `${result.scenario.name}: ${partials.length} shards, ${result.tasks} tasks, ${result.failures.length} failed; report in ${path.join(dir, 'summary.md')}\n`,
  )
  return result.failures.length > 0 ? EXIT_RUN_FAILED : EXIT_OK
}

/** Adds `amm-sim merge` to `program`. */
export function registerMerge(program: Command, guard: Guard): void {
  program
    .command('merge')
    .description('combine the shards of a sweep (amm-sim sweep --shard i/n) into its report')
    .argument('<partials...>', 'the shard folders, <out>/<name>.shard-i-of-n, in any order')
    .option('-o, --out <dir>', 'parent folder of the report', 'out')
    .option('--no-charts', 'skip charts/*.png (no native renderer needed)')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Example:
  amm-sim merge parts/fee-sweep.shard-*-of-8 --out out   writes out/fee-sweep/
${EXIT_CODES_HELP}`,
    )
    .action(guard((partials: string[], flags: MergeFlags) => mergeCommand(partials, flags)))
}
