/** `amm-sim sweep`: every (cell, path) task of a scenario on worker threads, one report folder. */
import { availableParallelism } from 'node:os'
import path from 'node:path'
import { InvalidArgumentError } from 'commander'
import type { Command } from 'commander'
import {
  RunError,
  loadScenario,
  openJournal,
  packageVersion,
  partialDir,
  pathsPerCell,
  readDoneRows,
  runSweep,
  sweepLayout,
  writeSweepPartial,
  writeSweepReport,
} from '../index.js'
import type { Shard } from '../index.js'
import {
  EXIT_CODES_HELP,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_RUN_FAILED,
  interruptOnSignals,
  parseSeed,
  progressReporter,
  report,
} from './shared.js'
import type { Guard } from './shared.js'

/** `1 cell`, `3 cells`. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** Failed tasks named on stderr; the rest are counted (all are in paths.csv). */
const FAILURES_PRINTED = 10

interface SweepFlags {
  out: string
  workers?: number
  shard?: Shard
  resume?: boolean
  seed?: number
  charts: boolean
  debug?: boolean
}

function parseWorkers(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected an integer from 1, found "${value}"`)
  return n
}

function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n (e.g. 2/8), found "${value}"`)
  return { index, count }
}

/**
 * `amm-sim sweep`. Runs the tasks (or one shard), journaling finished rows beside the report so
 * that `--resume` after Ctrl-C or a kill runs only the rest; writes the report (or the shard's
 * partial) atomically. Exit 1 when some task failed (each is named on stderr, the others' rows
 * are written), 130 when interrupted.
 */
export async function sweepCommand(name: string, flags: SweepFlags): Promise<number> {
  const interrupt = interruptOnSignals()
  const progress = progressReporter(name, 'tasks')
  let dir = ''
  try {
    const loaded = await loadScenario(name)
    const scenario = loaded.scenario
    const seed = flags.seed ?? scenario.seed
    const input = { loaded, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) }
    const layout = sweepLayout(scenario, await pathsPerCell(input))
    dir = flags.shard
      ? partialDir(flags.out, scenario.name, flags.shard)
      : path.join(flags.out, scenario.name)
    const done = flags.resume ? await readDoneRows(dir, scenario, seed, layout) : []
    const journal = await openJournal(dir, scenario, seed, layout, done)
    const workers = flags.workers ?? availableParallelism()
    const result = await runSweep(loaded, {
      workers,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.shard ? { shard: flags.shard } : {}),
      done,
      onProgress: progress.onProgress,
      onRows: journal.append,
      signal: interrupt.signal,
    })
    progress.stop()
    const version = packageVersion()
    if (flags.shard) await writeSweepPartial(result, { dir, version, signal: interrupt.signal })
    else
      await writeSweepReport(result, {
        dir,
        version,
        hasCharts: flags.charts,
        signal: interrupt.signal,
      })
    await journal.remove()
    for (const f of result.failures.slice(0, FAILURES_PRINTED))
      process.stderr.write(
        `task failed: cell ${f.cell}, path ${f.path}, seed ${f.seed}: ${f.error}\n`,
      )
    if (result.failures.length > FAILURES_PRINTED)
      process.stderr.write(
        `… and ${result.failures.length - FAILURES_PRINTED} more failed tasks (column "error" of ${path.join(dir, 'paths.csv')})\n`,
      )
    const ran = result.taskIds.length
    const kept = done.filter((r) => result.taskIds.includes(r.task)).length
    process.stdout.write(
      `${scenario.name}: ${plural(layout.cells, 'cell')} × ${plural(layout.pathsPerCell, 'path')} = ${plural(result.tasks, 'task')}` +
        (flags.shard ? `; shard ${flags.shard.index}/${flags.shard.count}: ${ran} tasks` : '') +
        (kept > 0 ? ` (${kept} kept from an earlier run)` : '') +
        `; ${result.failures.length} failed; ` +
        (flags.shard
          ? `partial result in ${dir}\n`
          : `report in ${path.join(dir, 'summary.md')}\n`),
    )
    return result.failures.length > 0 ? EXIT_RUN_FAILED : EXIT_OK
  } catch (error) {
    progress.stop()
    if (!interrupt.signal.aborted && !(error instanceof RunError && error.code === 'INTERRUPTED'))
      return report(error, flags.debug ?? false)
    process.stderr.write(
      `interrupted (${interrupt.signalName() || 'signal'}): finished tasks are kept; run again with --resume to continue${dir ? ` (${dir} is as it was)` : ''}\n`,
    )
    return EXIT_INTERRUPTED
  } finally {
    interrupt.dispose()
  }
}

/** Adds `amm-sim sweep` to `program`. */
export function registerSweep(program: Command, guard: Guard): void {
  program
    .command('sweep')
    .description(
      "run a scenario's sweep: every cell × path on worker threads, report in <out>/<name>/",
    )
    .argument('<scenario>', 'a scenario file or bundled name with "sweep", "paths" or "windows"')
    .option('-o, --out <dir>', 'parent folder of the report', 'out')
    .option('-w, --workers <n>', 'worker threads (default: all cores)', parseWorkers)
    .option(
      '--shard <i/n>',
      'run the i-th of n deterministic shards; writes <out>/<name>.shard-i-of-n/',
      parseShard,
    )
    .option(
      '--resume',
      'keep the tasks an earlier, interrupted or failed run of this sweep finished',
    )
    .option(
      '-s, --seed <n>',
      'seed the task seeds derive from (integer 0 to 4294967295)',
      parseSeed,
    )
    .option('--no-charts', 'skip charts/*.png (no native renderer needed)')
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim sweep fee-sweep                           every core, report in out/fee-sweep/
  amm-sim sweep fee-sweep --workers 1 --no-charts
  amm-sim sweep fee-sweep --shard 2/8 --out parts   one of 8 shards (e.g. a Slurm array task)
  amm-sim merge parts/fee-sweep.shard-*-of-8 --out out
  amm-sim sweep fee-sweep --resume                  after Ctrl-C: run only the tasks left

Writes paths.csv, cells.csv, sweep.json, summary.md and charts/*.png atomically. A task
that fails is named on stderr with its cell, path and seed; the others complete (exit 1).
${EXIT_CODES_HELP}`,
    )
    .action(guard((name: string, flags: SweepFlags) => sweepCommand(name, flags)))
}
