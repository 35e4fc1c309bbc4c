/**
 * A tuning's report folder (`out/<scenario>-tune/`): `tune.json` (every evaluation, the folds,
 * the headline and the final choice), `tune.md` (the tables a reader decides from) and charts
 * (objective against each parameter, in-sample against out-of-sample per fold). Written at once
 * (atomically); the same result gives the same bytes.
 */
import path from 'node:path'
import type { TuneResult } from '../sim/tune/runTune.js'
import type { FigureStatistics } from '../sim/sweep/statistics.js'
import { writeFolderAtomically } from './atomicWrite.js'
import { PALETTE, renderCharts } from './charts.js'
import type { ChartSpec } from './charts.js'

/** Format tag of tune.json; bumped when its layout changes. */
export const TUNE_JSON_FORMAT = 'amm-sim-tune/1'

/** Options of {@link writeTuneReport}. */
export interface TuneReportOptions {
  /** The report folder (the CLI uses `<out>/<scenario>-tune`). */
  dir: string
  /** The package version written into the files. */
  version: string
  /** Render charts/*.png (needs the native renderer); default true. */
  hasCharts?: boolean
  signal?: AbortSignal
}

/** The report folder of a tuning under `out`: `<out>/<scenario>-tune`. */
export function tuneReportDir(out: string, scenario: string): string {
  return path.join(out, `${scenario}-tune`)
}

/**
 * Writes a tuning's report folder atomically.
 * @param result - from `runTune`
 * @param options - folder, version, charts
 * @returns the files written, relative to the folder
 * @throws {RunError} `RENDERER_MISSING`, `REPORT_WRITE`, `INTERRUPTED`
 * @example await writeTuneReport(result, { dir: 'out/tune-momentum-eth-btc-tune', version: '1.0.0' })
 */
export async function writeTuneReport(
  result: TuneResult,
  options: TuneReportOptions,
): Promise<string[]> {
  const files = new Map<string, string | Uint8Array>()
  files.set('tune.json', formatTuneJson(result, options.version))
  const specs = options.hasCharts === false ? [] : tuneChartSpecs(result)
  const pngs = specs.length > 0 ? await renderCharts(specs) : new Map<string, Buffer>()
  files.set('tune.md', formatTuneMarkdown(result, options.version, specs))
  for (const [file, png] of pngs) files.set(`charts/${file}`, png)
  await writeFolderAtomically(options.dir, files, { signal: options.signal })
  return [...files.keys()]
}

/** Values by field name, in the parameters' order. */
function byField(result: TuneResult, values: readonly number[]): Record<string, number> {
  return Object.fromEntries(result.params.map((p, i) => [p.field, values[i]!]))
}

/**
 * tune.json: keys in a fixed order, numbers in shortest round-trip form, no times of day or paths.
 * @param result - from `runTune`
 * @param version - the package version
 * @returns JSON text, final newline
 */
export function formatTuneJson(result: TuneResult, version: string): string {
  const json = {
    format: TUNE_JSON_FORMAT,
    version,
    scenario: result.scenario,
    seed: result.seed,
    method: result.method,
    objective: result.objective,
    params: result.params.map((p) => ({
      field: p.field,
      kind: p.kind,
      ...(p.kind === 'range' ? { low: p.low, high: p.high, isLog: p.isLog } : { values: p.values }),
      isInteger: p.isInteger,
    })),
    train: result.train,
    test: result.test,
    budget: result.budget,
    steps: result.steps,
    benchmarks: result.benchmarks,
    headline: result.headline,
    final: {
      params: byField(result, result.final.values),
      bootstrap: result.final.bootstrap,
    },
    weights: result.weights,
    folds: result.folds.map((f) => ({
      fold: f.fold,
      train: f.train,
      test: f.test,
      chosen: byField(result, f.chosen),
      inSample: f.inSample,
      outOfSample: f.outOfSample,
      gap: f.gap,
      evaluations: f.evaluations,
      returnVsHodl: f.returnVsHodl,
      benchmarkReturnVsHodl: f.benchmarkReturnVsHodl,
    })),
    evaluations: result.evaluations.map((e) => ({
      fold: e.fold,
      phase: e.phase,
      start: e.start,
      end: e.end,
      params: byField(result, e.values),
      objective: e.objective,
      error: e.error,
    })),
  }
  return `${JSON.stringify(json, null, 2)}\n`
}

const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10)
const cell = (text: string): string => text.replace(/\|/g, '\\|')

/** An objective or a return as text: fractions as percent with 3 decimals, others as numbers. */
function figureText(value: number | null | undefined, isFraction: boolean): string {
  if (value === null || value === undefined) return '–'
  return isFraction ? `${(value * 100).toFixed(3)} %` : value.toPrecision(6)
}

/** Objectives that are fractions (shown in percent); the rest are numeraire units or counts. */
function isFractionObjective(name: string): boolean {
  const figure = name.slice(name.lastIndexOf('.') + 1)
  return [
    'returnVsHodl',
    'impermanentLoss',
    'impermanentLossClosedForm',
    'trackingError',
    'mean',
    'max',
    'maxDrawdown',
    'annualisedReturn',
    'annualisedVolatility',
  ].includes(figure)
}

/** A Markdown table row of already formatted cells. */
function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`
}

function statText(s: FigureStatistics, isFraction: boolean): string {
  return `${figureText(s.mean, isFraction)} (5–95 %: ${figureText(s.q05, isFraction)} to ${figureText(s.q95, isFraction)})`
}

/**
 * tune.md: the settings, the headline (out-of-sample, in-sample, gap), a row per fold, the final
 * choice against HODL, constant-mix and the other benchmarks out of sample and on bootstrap
 * resamples, and the charts.
 * @param result - from `runTune`
 * @param version - the package version
 * @param charts - chart files under charts/ and their captions
 * @returns Markdown, final newline
 */
export function formatTuneMarkdown(
  result: TuneResult,
  version: string,
  charts: readonly { file: string; title: string }[],
): string {
  const isFraction = isFractionObjective(result.objective.name)
  const obj = (v: number | null | undefined) => figureText(v, isFraction)
  const pct = (v: number | null | undefined) => figureText(v, true)
  const fields = result.params.map((p) => `\`${p.field}\``)
  const failed = result.evaluations.filter((e) => e.error !== null).length
  const lines: string[] = []
  lines.push(`# Tuning: ${cell(result.scenario)}`, '')
  lines.push(
    `- objective: \`${result.objective.name}\`, ${result.objective.direction}d` +
      (isFraction ? ' (a fraction, shown in %)' : ''),
    `- parameters: ${result.params
      .map((p) =>
        p.kind === 'list'
          ? `\`${p.field}\` in {${p.values.join(', ')}}`
          : `\`${p.field}\` from ${p.low} to ${p.high}${p.isLog ? ' (log scale)' : ''}${p.isInteger ? ' (integers)' : ''}`,
      )
      .join('; ')}`,
    `- method: ${result.method}` +
      (result.budget !== null ? `, budget ${result.budget} evaluations per fold` : '') +
      (result.steps !== null ? `, ${result.steps} points per range` : ''),
    `- walk-forward: train ${result.train / 86_400} days, test the next ${result.test / 86_400} days, ${result.folds.length} folds; ${result.evaluations.length} runs (${failed} failed)`,
    `- seed ${result.seed}; amm-sim ${version}`,
    '',
  )
  const h = result.headline
  lines.push(
    '## Headline (mean over the folds)',
    '',
    '| out of sample | in sample | gap (in − out) |',
    '|---:|---:|---:|',
    `| **${obj(h.outOfSample)}** | ${obj(h.inSample)} | ${obj(h.gap)} |`,
    '',
    'The out-of-sample figure is the one to trust: each fold chose its parameters on its training',
    'window only, then ran them on the window after it. A large positive gap (for a maximised',
    'objective) means the search fitted the noise of its training windows.',
    '',
  )
  lines.push(
    '## Folds',
    '',
    `| fold | train | test | ${fields.join(' | ')} | in sample | out of sample | gap |`,
    `|---:|---|---|${fields.map(() => '---:').join('|')}|---:|---:|---:|`,
  )
  for (const f of result.folds)
    lines.push(
      `| ${f.fold} | ${day(f.train.start)} to ${day(f.train.end)} | ${day(f.test.start)} to ${day(f.test.end)} | ${f.chosen.map((v) => String(v)).join(' | ')} | ${obj(f.inSample)} | ${obj(f.outOfSample)} | ${obj(f.gap)} |`,
    )
  lines.push('')
  const benchmarks = result.benchmarks
  lines.push(
    '## Out of sample against the benchmarks',
    '',
    "Return against HODL on each test window (`returnVsHodl`, value / HODL value − 1), the fold's choice beside each benchmark of the scenario:",
    '',
    // one cell per column, also without benchmarks (then fold and LP only)
    row(['fold', 'LP (chosen)', ...benchmarks.map(cell)]),
    `|${['---:', '---:', ...benchmarks.map(() => '---:')].join('|')}|`,
  )
  for (const f of result.folds)
    lines.push(
      row([
        String(f.fold),
        pct(f.returnVsHodl),
        ...benchmarks.map((b) => pct(f.benchmarkReturnVsHodl[b])),
      ]),
    )
  const meanOf = (xs: (number | null | undefined)[]) => {
    const ok = xs.filter((x): x is number => typeof x === 'number')
    return ok.length === 0 ? null : ok.reduce((s, x) => s + x, 0) / ok.length
  }
  lines.push(
    row([
      'mean',
      pct(meanOf(result.folds.map((f) => f.returnVsHodl))),
      ...benchmarks.map((b) => pct(meanOf(result.folds.map((f) => f.benchmarkReturnVsHodl[b])))),
    ]),
    '',
  )
  const finalValues = result.final.values
  lines.push(
    '## Final choice',
    '',
    `The last fold's choice (fitted on the most recent training window): ${result.params
      .map((p, i) => `\`${p.field}\` = ${finalValues[i]}`)
      .join(', ')}.`,
    '',
  )
  const b = result.final.bootstrap
  if (b) {
    lines.push(
      `On ${b.paths} block-bootstrap resamples of the whole history (blocks of ${b.blockLength} steps, each path ${b.horizon / 86_400} days, the test length)${b.failed > 0 ? `, ${b.failed} failed` : ''}: mean (5–95 % quantiles)`,
      '',
      '| figure | value |',
      '|---|---:|',
      `| objective \`${result.objective.name}\` | ${statText(b.objective, isFraction)} |`,
      `| LP returnVsHodl | ${statText(b.returnVsHodl, true)} |`,
      ...benchmarks.map(
        (name) =>
          `| ${cell(name)} returnVsHodl | ${statText(b.benchmarkReturnVsHodl[name]!, true)} |`,
      ),
      '',
    )
  }
  if (charts.length > 0) {
    lines.push('## Charts', '')
    for (const c of charts) lines.push(`![${c.title}](charts/${c.file})`, '')
  }
  return `${lines.join('\n').trimEnd()}\n`
}

function axisTitle(text: string) {
  return { display: true, text, font: { size: 14 } }
}

/**
 * The tuning's charts as chart.js configurations: the training objective against each parameter
 * (one colour per fold), the in-sample and out-of-sample objective per fold, and the first
 * token's weight over the test windows against HODL, constant-mix and the threshold vault.
 * @param result - from `runTune`
 * @returns specs in the order tune.md shows them
 */
export function tuneChartSpecs(result: TuneResult): ChartSpec[] {
  const isFraction = isFractionObjective(result.objective.name)
  const scale = isFraction ? 100 : 1
  const unit = isFraction ? ' (%)' : ''
  const specs: ChartSpec[] = []
  const options = (title: string, x: string, y: string, isLogX = false) => ({
    animation: false as const,
    responsive: false,
    devicePixelRatio: 1,
    layout: { padding: 12 },
    plugins: { title: { display: true, text: title, font: { size: 18 } } },
    scales: {
      x: { type: isLogX ? ('logarithmic' as const) : ('linear' as const), title: axisTitle(x) },
      y: { type: 'linear' as const, title: axisTitle(y) },
    },
  })
  result.params.forEach((p, i) => {
    const datasets = result.folds.map((f, k) => {
      const color = PALETTE[k % PALETTE.length]!
      return {
        label: `fold ${f.fold}`,
        data: result.evaluations
          .filter((e) => e.phase === 'train' && e.fold === f.fold && e.objective !== null)
          .map((e) => ({ x: e.values[i]!, y: e.objective! * scale })),
        borderColor: color,
        backgroundColor: color,
        showLine: false,
        pointRadius: 3,
      }
    })
    specs.push({
      file: `objective-vs-param-${i}.png`,
      title: `Training objective against ${p.field}`,
      config: {
        type: 'line',
        data: { datasets },
        options: options(
          `${result.objective.name} on the training windows against ${p.field}`,
          p.field,
          `${result.objective.name}${unit}`,
          p.isLog,
        ),
      },
    })
  })
  const series = (
    label: string,
    pick: (f: TuneResult['folds'][number]) => number | null,
    c: number,
  ) => ({
    label,
    data: result.folds
      .filter((f) => pick(f) !== null)
      .map((f) => ({ x: f.fold, y: pick(f)! * scale })),
    borderColor: PALETTE[c]!,
    backgroundColor: PALETTE[c]!,
    borderWidth: 2,
  })
  specs.push({
    file: 'in-vs-out-of-sample.png',
    title: 'In-sample and out-of-sample objective per fold',
    config: {
      type: 'line',
      data: {
        datasets: [
          series('in sample (training window)', (f) => f.inSample, 0),
          series('out of sample (next window)', (f) => f.outOfSample, 1),
        ],
      },
      options: options(
        `${result.objective.name}: in sample vs out of sample`,
        'fold',
        `${result.objective.name}${unit}`,
      ),
    },
  })
  const w = result.weights
  if (w.times.length > 0) {
    const t0 = w.times[0]!
    const line = (label: string, ys: readonly number[], c: number, dash: number[] = []) => ({
      label,
      data: w.times.map((t, i) => ({ x: (t - t0) / 86_400, y: ys[i]! * 100 })),
      borderColor: PALETTE[c]!,
      backgroundColor: PALETTE[c]!,
      borderWidth: 2,
      borderDash: dash,
      pointRadius: 0,
    })
    const datasets = [
      line("pool (each fold's choice)", w.pool, 0),
      line('HODL', w.hodl, 1),
      line('constant-mix', w.constantMix, 2, [8, 4]),
      ...(w.threshold ? [line('threshold vault', w.threshold, 3, [4, 4])] : []),
    ]
    specs.push({
      file: 'weights.png',
      title: `Weight of ${w.token} out of sample: the chosen rule against HODL, constant-mix and the threshold vault`,
      config: {
        type: 'line',
        data: { datasets },
        options: options(
          `Weight of ${w.token} over the test windows`,
          `Days since ${day(t0)}`,
          `Weight of ${w.token} (%)`,
        ),
      },
    })
  }
  return specs
}
