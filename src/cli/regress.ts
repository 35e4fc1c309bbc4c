/**
 * `amm-sim regress`: runs scenarios and compares every figure with its stored baseline; writes
 * `<out>/regression/` (report.md, report.json, junit.xml) and appends report.md to
 * `$GITHUB_STEP_SUMMARY` when set. `--update` rewrites the baselines instead.
 */
import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { InvalidArgumentError } from 'commander'
import type { Command } from 'commander'
import {
  InputError,
  compareWithBaseline,
  createBaseline,
  createRegressionReport,
  createSummary,
  failureMessage,
  formatRegressionMarkdown,
  isChanged,
  isFailing,
  isSweepScenario,
  listBundledScenarios,
  listScenarioFiles,
  loadScenario,
  packageVersion,
  readBaseline,
  runScenario,
  runRegressionSweep,
  writeBaseline,
  writeRegressionReport,
} from '../index.js'
import type {
  Baseline,
  LoadedScenario,
  RegressionRun,
  ScenarioComparison,
  Summary,
  Tolerances,
} from '../index.js'
import { EXIT_OK, EXIT_RUN_FAILED } from './shared.js'
import type { Guard } from './shared.js'

interface RegressFlags {
  baseline: string
  update?: boolean
  out: string
  scenarios?: string
  tolerance?: Tolerances
  debug?: boolean
}

/** The regression check's own exit codes (0 and 2 as every command; 1 means a regression). */
export const REGRESS_EXIT_HELP = `
Exit codes:
  0  every figure within tolerance (or, with --update, baselines written)
  1  a regression: a figure moved beyond its tolerance or is no longer produced
     (also: a run failed, or the report could not be written)
  2  bad input: a scenario, a missing or invalid baseline, a command-line option`

/**
 * `--tolerance FIGURE.relative=X` or `FIGURE.absolute=X`, repeatable: folds into one
 * {@link Tolerances} object.
 */
export function parseToleranceOption(value: string, previous: Tolerances = {}): Tolerances {
  const match = /^(.+)\.(relative|absolute)=(.+)$/.exec(value.trim())
  const amount = match ? Number(match[3]) : NaN
  if (!match || !Number.isFinite(amount) || amount < 0 || match[3]!.trim() === '')
    throw new InvalidArgumentError(
      `expected FIGURE.relative=X or FIGURE.absolute=X with X >= 0 (lvr.relative=0.01), found "${value}"`,
    )
  const figure = match[1]!
  const kind = match[2] as 'relative' | 'absolute'
  return { ...previous, [figure]: { ...previous[figure], [kind]: amount } }
}

/** The scenarios to check: those named, else every one in `--scenarios`, else the bundled. */
async function scenarioArguments(names: string[], flags: RegressFlags): Promise<string[]> {
  if (names.length > 0) return names
  if (flags.scenarios !== undefined) return listScenarioFiles(flags.scenarios)
  // bundled scenarios by name: what a user types, and what the "make one with" hint shows
  return (await listBundledScenarios()).map((s) => s.name)
}

function checkDistinctNames(loaded: readonly LoadedScenario[], baselineDir: string): void {
  const seen = new Map<string, LoadedScenario>()
  for (const scenario of loaded) {
    const name = scenario.scenario.name
    const first = seen.get(name)
    if (first !== undefined)
      throw new InputError(
        'DUPLICATE_NAME',
        { file: scenario.file, path: 'name' },
        `"${name}" is also the name of ${first.file}: both would share the baseline ${path.join(baselineDir, `${name}.json`)}; rename one`,
        { name, files: [first.file, scenario.file] },
      )
    seen.set(name, scenario)
  }
}

/**
 * Reads every scenario's baseline before anything runs; all missing or invalid ones are
 * reported together. Under `--update` a missing or unreadable baseline is simply made anew.
 */
async function readBaselines(
  loaded: readonly LoadedScenario[],
  args: readonly string[],
  flags: RegressFlags,
): Promise<(Baseline | undefined)[]> {
  const problems: string[] = []
  const out: (Baseline | undefined)[] = []
  for (const [i, scenario] of loaded.entries()) {
    const file = path.join(flags.baseline, `${scenario.scenario.name}.json`)
    try {
      out.push(await readBaseline(file))
    } catch (error) {
      out.push(undefined)
      if (flags.update) continue
      if (!(error instanceof InputError)) throw error
      problems.push(
        error.code === 'BASELINE_MISSING'
          ? `${file}: no baseline for scenario "${scenario.scenario.name}"; make one with: amm-sim regress ${args[i]} --baseline ${flags.baseline} --update`
          : error.message,
      )
    }
  }
  if (problems.length > 0)
    throw new InputError(
      problems.some((p) => p.includes('no baseline for')) ? 'BASELINE_MISSING' : 'BASELINE_INVALID',
      {},
      problems.join('\n'),
      { problems },
    )
  return out
}

/** Figures beyond tolerance `--update` lists per scenario before counting the rest. */
const MAX_UPDATE_LINES = 20

/** One line per scenario saying what `--update` changed. */
function updateLine(comparison: ScenarioComparison | undefined, file: string): string {
  if (comparison === undefined) return `${file}: baseline created`
  const moved = comparison.figures.filter((row) => row.verdict !== 'ok')
  const parts: string[] = []
  if (comparison.changedFields.length > 0)
    parts.push(`scenario fields changed: ${comparison.changedFields.join(', ')}`)
  if (comparison.version !== comparison.baselineVersion)
    parts.push(`version ${comparison.baselineVersion} -> ${comparison.version}`)
  const changed = comparison.figures.filter(isChanged)
  if (changed.length > 0)
    parts.push(
      `${changed.length} figure${changed.length === 1 ? '' : 's'} changed, ${moved.length} beyond tolerance`,
    )
  const head = parts.length === 0 ? `${file}: unchanged` : `${file}: updated (${parts.join('; ')})`
  // the figures beyond tolerance, a screenful at most (report.json has them all)
  const shown = moved.filter((row) => isFailing(row.verdict))
  const lines = shown.slice(0, MAX_UPDATE_LINES).map((row) => `  ${failureMessage(row)}`)
  if (shown.length > MAX_UPDATE_LINES) lines.push(`  … and ${shown.length - MAX_UPDATE_LINES} more`)
  return [head, ...lines].join('\n')
}

/**
 * `amm-sim regress`. Scenarios run one after another in this thread (each is short; a check
 * that needs Ctrl-C is simply killed: nothing is replaced before the end).
 */
export async function regressCommand(names: string[], flags: RegressFlags): Promise<number> {
  const args = await scenarioArguments(names, flags)
  const loaded: LoadedScenario[] = []
  for (const name of args) loaded.push(await loadScenario(name))
  checkDistinctNames(loaded, flags.baseline)
  const baselines = await readBaselines(loaded, args, flags)
  const version = packageVersion()
  const comparisons: (ScenarioComparison | undefined)[] = []
  const written: Baseline[] = []
  for (const [i, scenario] of loaded.entries()) {
    let summary: Summary | RegressionRun
    if (!isSweepScenario(scenario.scenario)) {
      const outcome = await runScenario(scenario)
      summary = createSummary(outcome.result, scenario.scenario.name, outcome.seed, version)
    } else {
      const { failures, ...run } = await runRegressionSweep(scenario, { version })
      for (const failure of failures)
        process.stderr.write(
          `warning: ${scenario.scenario.name}: left out of the check: ${failure}\n`,
        )
      summary = run
    }
    const baseline = baselines[i]
    const baselineFile = path.join(flags.baseline, `${scenario.scenario.name}.json`)
    comparisons.push(
      baseline === undefined
        ? undefined
        : compareWithBaseline({
            baseline,
            summary,
            scenario: scenario.scenario,
            file: scenario.file,
            baselineFile,
            ...(flags.tolerance ? { tolerances: flags.tolerance } : {}),
          }),
    )
    written.push(createBaseline(summary, scenario.scenario))
  }
  if (flags.update) {
    for (const [i, scenario] of loaded.entries()) {
      const file = path.join(flags.baseline, `${scenario.scenario.name}.json`)
      await writeBaseline(file, written[i]!)
      process.stdout.write(`${updateLine(comparisons[i], file)}\n`)
    }
    return EXIT_OK
  }
  const report = createRegressionReport(comparisons.filter((c) => c !== undefined))
  const dir = path.join(flags.out, 'regression')
  await writeRegressionReport(report, dir)
  const summaryFile = process.env.GITHUB_STEP_SUMMARY
  if (summaryFile) await appendFile(summaryFile, formatRegressionMarkdown(report))
  const failing = report.scenarios.flatMap((s) => s.figures).filter((r) => isFailing(r.verdict))
  const lines = [`${report.verdict === 'pass' ? 'PASS' : 'REGRESSION'}: ${report.headline}`]
  for (const s of report.scenarios)
    if (s.changedFields.length > 0)
      lines.push(
        `  ${s.scenario}: scenario changed since its baseline: ${s.changedFields.join(', ')}`,
      )
  for (const row of failing) lines.push(`  ${row.scenario}: ${failureMessage(row)}`)
  lines.push(`report in ${path.join(dir, 'report.md')} (and report.json, junit.xml)`)
  process.stdout.write(`${lines.join('\n')}\n`)
  return report.verdict === 'pass' ? EXIT_OK : EXIT_RUN_FAILED
}

/** Adds `amm-sim regress` to `program`. */
export function registerRegress(program: Command, guard: Guard): void {
  program
    .command('regress')
    .description('run scenarios and compare every figure with its stored baseline (CI check)')
    .argument('[scenario...]', 'scenario files or bundled names (default: see --scenarios)')
    .requiredOption(
      '-b, --baseline <dir>',
      'folder of the baselines, one <scenario name>.json each',
    )
    .option('-u, --update', 'rewrite the baselines from this run and say what changed')
    .option('-o, --out <dir>', 'parent folder of the report (written to <dir>/regression/)', 'out')
    .option(
      '--scenarios <dir>',
      'check every *.json in this folder (default: the bundled scenarios)',
    )
    .option(
      '-t, --tolerance <figure.kind=x>',
      'override a tolerance, e.g. lvr.relative=0.01 or benchmarks.hodl.value.absolute=5 (repeatable)',
      parseToleranceOption,
    )
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim regress --baseline baselines                       every bundled scenario
  amm-sim regress my.json --baseline baselines --update      make or rewrite my.json's baseline
  amm-sim regress --scenarios scenarios --baseline baselines --tolerance lvr.relative=0.01

Writes <out>/regression/report.md, report.json and junit.xml at once; appends report.md to
$GITHUB_STEP_SUMMARY when set. A figure holds when |now - baseline| <= max(absolute,
relative * |baseline|); tolerances: defaults per metric, then the scenario's
"regress": { "tolerances": … }, then --tolerance.
${REGRESS_EXIT_HELP}`,
    )
    .action(guard((names: string[], flags: RegressFlags) => regressCommand(names, flags)))
}
