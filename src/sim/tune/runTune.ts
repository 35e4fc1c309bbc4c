/**
 * Tuning with walk-forward validation: for each fold of the history, search the parameters on the
 * training window (grid, seeded random, or Nelder–Mead), run the best on the test window that
 * follows, and report the out-of-sample objective beside the in-sample one. The final choice (the
 * last fold's) also runs on block-bootstrap resamples of the same history. Every evaluation is a
 * task of the sweep machinery (`runSweep`): one batch of evaluations is one sweep whose cells zip
 * the window and the parameter values, run on all the workers asked for.
 */
import { InputError, fmt } from '../../errors.js'
import { collectPath } from '../prices/path.js'
import { createRng } from '../random.js'
import { configureScenario } from '../scenario/config.js'
import { parseDuration } from '../scenario/duration.js'
import type { LoadedScenario } from '../scenario/load.js'
import type { Scenario } from '../scenario/schema.js'
import { validateScenario } from '../scenario/validate.js'
import { applyValues } from '../sweep/grid.js'
import { runSweep } from '../sweep/runSweep.js'
import { figureStatistics } from '../sweep/statistics.js'
import type { FigureStatistics } from '../sweep/statistics.js'
import { benchmarkNames, figureColumns } from '../sweep/task.js'
import type { TaskFigures } from '../sweep/task.js'
import { nelderMead } from './nelderMead.js'
import type { BatchSearch, NelderMeadResult } from './nelderMead.js'
import { tuneObjective } from './objective.js'
import type { TuneDirection, TuneObjective } from './objective.js'
import { checkTuneParams, fieldValues, gridValues, parseTuneParams, valueAt } from './params.js'
import type { TuneParam } from './params.js'
import { walkForwardFolds } from './walkForward.js'
import { tuneWeightPaths } from './weightPaths.js'
import type { TuneWeightPaths } from './weightPaths.js'
import { runScenario } from '../scenario/run.js'
import type { TimeWindow, WalkForwardFold } from './walkForward.js'

/** Search methods of {@link runTune}. */
export const TUNE_METHODS = ['grid', 'random', 'nelder-mead'] as const
/** A search method. */
export type TuneMethod = (typeof TUNE_METHODS)[number]

/** Evaluations per fold when `budget` is not given (random and Nelder–Mead). */
export const DEFAULT_TUNE_BUDGET = 40
/** Grid points per range when `steps` is not given. */
export const DEFAULT_GRID_STEPS = 5
/** Bootstrap resamples of the final choice when `bootstrapPaths` is not given. */
export const DEFAULT_BOOTSTRAP_PATHS = 50
/** Most evaluations in one tuning (the sweep's cell limit, per batch, applies too). */
export const MAX_TUNE_EVALUATIONS = 100_000
/**
 * Smallest batch run on worker threads: starting them costs about as much as tens of short
 * runs, so a smaller batch (a Nelder–Mead round of a few folds) runs on this thread. The result
 * is the same either way; only the time differs.
 */
const MIN_THREADED_BATCH = 48
/** Simplex tolerance of the tuning's Nelder–Mead, as a fraction of each parameter's range. */
const TUNE_X_TOLERANCE = 1e-3

/** Options of {@link runTune}. */
export interface TuneOptions {
  /** The figure to optimise: a metric (`returnVsHodl`) or `<benchmark>.<figure>`. */
  objective: string
  /** Overrides the objective's default direction. */
  direction?: TuneDirection
  /** `field=low..high[:log]` or `field=a,b,c` entries, or parsed parameters. */
  params: readonly string[] | readonly TuneParam[]
  /** Search method; default `grid`. */
  method?: TuneMethod
  /** Evaluations per fold for random and Nelder–Mead; default {@link DEFAULT_TUNE_BUDGET}. */
  budget?: number
  /** Grid points per range; default {@link DEFAULT_GRID_STEPS}. */
  steps?: number
  /** Training window: a duration (`"90d"`) or seconds; default the scenario's `windows.length`. */
  train?: string | number
  /** Test window: a duration or seconds; default the scenario's `windows.every`. */
  test?: string | number
  /** Worker threads for the evaluations; default 1 (this thread). */
  workers?: number
  /** Replaces the scenario's seed (random search, restarts and every task's seed). */
  seed?: number
  /** Bootstrap resamples of the final choice (0 for none); default 50. */
  bootstrapPaths?: number
  /** Steps per bootstrap block; default 5. */
  blockLength?: number
  /** Called after each batch of evaluations with the evaluations run so far. */
  onProgress?: (evaluations: number) => void
  /** Stops the tuning between or inside batches (`INTERRUPTED`). */
  signal?: AbortSignal
}

/** One run of the simulation during a tuning. */
export interface TuneEvaluation {
  fold: number
  /** `train` (the search) or `test` (the fold's choice on the next window). */
  phase: 'train' | 'test'
  /** The window's first and last time, Unix seconds. */
  start: number
  end: number
  /** The tuned fields' values, in the order of the parameters. */
  values: number[]
  /** The objective, or null when the run failed. */
  objective: number | null
  /** Why the run failed (`NON_FINITE: …`), else null. */
  error: string | null
}

/** A fold's outcome. */
export interface TuneFold {
  fold: number
  train: TimeWindow
  test: TimeWindow
  /** The chosen values, in the order of the parameters. */
  chosen: number[]
  /** The chosen values' objective on the training window. */
  inSample: number | null
  /** Their objective on the test window. */
  outOfSample: number | null
  /** inSample − outOfSample (null when either is). */
  gap: number | null
  /** Evaluations the search ran on this fold. */
  evaluations: number
  /** On the test window: the LP's `returnVsHodl`, and each benchmark's, by benchmark name. */
  returnVsHodl: number | null
  benchmarkReturnVsHodl: Record<string, number | null>
}

/** The final choice on bootstrap resamples of the history. */
export interface TuneBootstrap {
  paths: number
  /** Steps per block, and the length of each resampled path in seconds (the test length). */
  blockLength: number
  horizon: number
  objective: FigureStatistics
  returnVsHodl: FigureStatistics
  benchmarkReturnVsHodl: Record<string, FigureStatistics>
  /** Resamples that failed. */
  failed: number
}

/** What {@link runTune} returns: plain data, written by `writeTuneReport`. */
export interface TuneResult {
  scenario: string
  seed: number
  method: TuneMethod
  objective: { name: string; direction: TuneDirection }
  params: TuneParam[]
  /** Training and test lengths, seconds. */
  train: number
  test: number
  budget: number | null
  steps: number | null
  benchmarks: string[]
  folds: TuneFold[]
  /** Means over the folds (null when no fold has the figure) and their difference. */
  headline: { outOfSample: number | null; inSample: number | null; gap: number | null }
  /** The last fold's choice: what the tuning would deploy now. */
  final: { values: number[]; bootstrap: TuneBootstrap | null }
  /** The first token's weight over the test windows under each fold's choice, and the benchmarks'. */
  weights: TuneWeightPaths
  evaluations: TuneEvaluation[]
}

interface EvalRequest {
  fold: number
  phase: 'train' | 'test'
  window: TimeWindow
  values: number[]
}

interface Context {
  loaded: LoadedScenario
  base: Scenario
  params: TuneParam[]
  objective: TuneObjective
  options: TuneOptions
  evaluations: TuneEvaluation[]
  /** Figures of every evaluation, parallel to `evaluations`. */
  figures: (TaskFigures | null)[]
}

/**
 * Tunes a scenario's parameters with walk-forward validation.
 * @param loaded - from `loadScenario`; its prices must be a historical file (`model: "csv"`)
 * @param options - objective, parameters, method, budget, windows, workers, seed
 * @returns every evaluation, the folds' choices with in-sample, out-of-sample and gap, the
 *   headline means and the final choice on bootstrap resamples
 * @throws {InputError} `BAD_OPTION` for a bad objective, parameter, method, budget or window
 *   length, or prices that are not a file; configuration errors of the scenario;
 *   {@link RunError} `INTERRUPTED` when the signal aborts
 * @example const result = await runTune(await loadScenario('tune-momentum-eth-btc'), { objective: 'returnVsHodl', params: ['pool.swapFee=0.001..0.01'], train: '90d', test: '30d' })
 */
export async function runTune(loaded: LoadedScenario, options: TuneOptions): Promise<TuneResult> {
  const method = options.method ?? 'grid'
  if (!TUNE_METHODS.includes(method))
    throw new InputError(
      'BAD_OPTION',
      { path: '--method' },
      `expected one of ${TUNE_METHODS.join(', ')}, found "${method as string}"`,
    )
  const budget = method === 'grid' ? null : (options.budget ?? DEFAULT_TUNE_BUDGET)
  if (budget !== null && (!Number.isSafeInteger(budget) || budget < 1))
    throw new InputError(
      'BAD_OPTION',
      { path: '--budget' },
      `expected an integer >= 1, found ${fmt(budget)}`,
    )
  const steps = method === 'grid' ? (options.steps ?? DEFAULT_GRID_STEPS) : null
  if (steps !== null && (!Number.isSafeInteger(steps) || steps < 2))
    throw new InputError(
      'BAD_OPTION',
      { path: '--steps' },
      `expected an integer >= 2, found ${fmt(steps)}`,
    )
  const { scenario, file } = loaded
  if (scenario.prices.model !== 'csv')
    throw new InputError(
      'BAD_OPTION',
      { file, path: 'prices.model' },
      `walk-forward tuning needs historical prices: expected "csv", found "${scenario.prices.model}"`,
    )
  const plain: Record<string, unknown> = { ...scenario }
  delete plain.sweep
  delete plain.paths
  delete plain.windows
  const base = plain as unknown as Scenario
  const params =
    options.params.length > 0 && typeof options.params[0] !== 'string'
      ? [...(options.params as readonly TuneParam[])]
      : parseTuneParams(options.params as readonly string[])
  const objective = tuneObjective(base, options.objective, options.direction)
  checkTuneParams(base, params, (raw) => validateScenario(raw, file))
  const train = windowLength(options.train ?? scenario.windows?.length, '--train', 'length')
  const test = windowLength(options.test ?? scenario.windows?.every, '--test', 'every')
  const seed = options.seed ?? scenario.seed
  const { config } = await configureScenario({ ...loaded, scenario: base })
  const folds = walkForwardFolds(collectPath(config.prices).times, train, test)

  const ctx: Context = { loaded, base, params, objective, options, evaluations: [], figures: [] }
  const chosen = await search(ctx, folds, method, budget, steps, seed)
  const tested = await evaluate(
    ctx,
    folds.map((f, k) => ({
      fold: f.fold,
      phase: 'test',
      window: f.test,
      values: chosen[k]!.values,
    })),
  )
  const columns = figureColumns(base)
  const benchmarks = benchmarkNames(base)
  const read = (figures: TaskFigures | null, name: string): number | null =>
    figures?.[columns.indexOf(name)] ?? null
  const foldResults: TuneFold[] = folds.map((f, k) => {
    const inSample = chosen[k]!.objective
    const outOfSample = tested[k]!.objective
    const figures = ctx.figures[tested[k]!.index]!
    return {
      fold: f.fold,
      train: f.train,
      test: f.test,
      chosen: chosen[k]!.values,
      inSample,
      outOfSample,
      gap: inSample !== null && outOfSample !== null ? inSample - outOfSample : null,
      evaluations: chosen[k]!.evaluations,
      returnVsHodl: read(figures, 'returnVsHodl'),
      benchmarkReturnVsHodl: Object.fromEntries(
        benchmarks.map((b) => [b, read(figures, `${b}.returnVsHodl`)]),
      ),
    }
  })
  const mean = (xs: (number | null)[]): number | null => {
    const ok = xs.filter((x): x is number => x !== null)
    return ok.length === 0 ? null : ok.reduce((s, x) => s + x, 0) / ok.length
  }
  const outOfSample = mean(foldResults.map((f) => f.outOfSample))
  const inSample = mean(foldResults.map((f) => f.inSample))
  const finalValues = foldResults[foldResults.length - 1]!.chosen
  const bootstrapPaths = options.bootstrapPaths ?? DEFAULT_BOOTSTRAP_PATHS
  const bootstrap =
    bootstrapPaths > 0
      ? await runBootstrap(ctx, finalValues, bootstrapPaths, options.blockLength ?? 5, test, seed)
      : null
  return {
    scenario: scenario.name,
    seed,
    method,
    objective: { name: objective.name, direction: objective.direction },
    params,
    train,
    test,
    budget,
    steps,
    benchmarks,
    folds: foldResults,
    headline: {
      outOfSample,
      inSample,
      gap: outOfSample !== null && inSample !== null ? inSample - outOfSample : null,
    },
    final: { values: finalValues, bootstrap },
    weights: await outOfSampleWeights(ctx, foldResults, finalValues),
    evaluations: ctx.evaluations,
  }
}

function windowLength(value: string | number | undefined, option: string, field: string): number {
  if (value === undefined)
    throw new InputError(
      'BAD_OPTION',
      { path: option },
      `expected a duration such as 90d (the scenario has no windows.${field} to default to)`,
    )
  const seconds = parseDuration(value)
  if (seconds === undefined || !(seconds > 0))
    throw new InputError(
      'BAD_OPTION',
      { path: option },
      `expected a positive duration such as 90d or 12h, found "${String(value)}"`,
    )
  return seconds
}

/** Per fold: the chosen values, their training objective and the evaluations the search ran. */
interface Choice {
  values: number[]
  objective: number | null
  evaluations: number
}

/** Runs the search on every fold's training window and returns each fold's choice. */
async function search(
  ctx: Context,
  folds: readonly WalkForwardFold[],
  method: TuneMethod,
  budget: number | null,
  steps: number | null,
  seed: number,
): Promise<Choice[]> {
  const { params } = ctx
  const sign = ctx.objective.direction === 'maximize' ? -1 : 1
  // per fold: the best so far (the first evaluated wins a tie) and the values already run
  const best: Choice[] = folds.map(() => ({ values: [], objective: null, evaluations: 0 }))
  const seen = folds.map(() => new Map<string, number | null>())
  const keep = (k: number, values: number[], objective: number | null): void => {
    const b = best[k]!
    b.evaluations++
    if (
      b.values.length === 0 ||
      (objective !== null && (b.objective === null || sign * objective < sign * b.objective))
    ) {
      b.values = values
      b.objective = objective
    }
  }
  /** Runs the points not yet run, fold by fold, and returns every point's objective. */
  const run = async (batches: number[][][]): Promise<(number | null)[][]> => {
    const requests: EvalRequest[] = []
    batches.forEach((points, k) => {
      for (const values of points) {
        const key = JSON.stringify(values)
        if (
          seen[k]!.has(key) ||
          requests.some((r) => r.fold === k && JSON.stringify(r.values) === key)
        )
          continue
        requests.push({ fold: k, phase: 'train', window: folds[k]!.train, values })
      }
    })
    const outcomes = await evaluate(ctx, requests)
    requests.forEach((r, i) => {
      seen[r.fold]!.set(JSON.stringify(r.values), outcomes[i]!.objective)
      keep(r.fold, r.values, outcomes[i]!.objective)
    })
    return batches.map((points, k) => points.map((v) => seen[k]!.get(JSON.stringify(v)) ?? null))
  }
  if (method === 'grid') {
    const points = cartesian(params.map((p) => gridValues(p, steps!)))
    if (points.length * folds.length > MAX_TUNE_EVALUATIONS)
      throw new InputError(
        'BAD_OPTION',
        { path: '--steps' },
        `${fmt(points.length)} grid points × ${fmt(folds.length)} folds is above the maximum ${fmt(MAX_TUNE_EVALUATIONS)} evaluations: fewer --steps or shorter lists`,
      )
    await run(folds.map(() => points))
  } else if (method === 'random') {
    if (budget! * folds.length > MAX_TUNE_EVALUATIONS)
      throw new InputError(
        'BAD_OPTION',
        { path: '--budget' },
        `${fmt(budget!)} × ${fmt(folds.length)} folds is above the maximum ${fmt(MAX_TUNE_EVALUATIONS)} evaluations`,
      )
    await run(
      folds.map((f) => {
        const rng = createRng(seed, 'tune', 'random', f.fold)
        return Array.from({ length: budget! }, () => params.map((p) => valueAt(p, rng.nextFloat())))
      }),
    )
  } else {
    // one Nelder–Mead per fold on the unit cube, stepped in lock step: each round evaluates the
    // batches of every fold still searching as one sweep
    const n = params.length
    const searches: (BatchSearch<NelderMeadResult> | null)[] = folds.map((f) =>
      nelderMead({
        lower: new Array<number>(n).fill(0),
        upper: new Array<number>(n).fill(1),
        start: new Array<number>(n).fill(0.5),
        maxEvaluations: budget!,
        xTolerance: TUNE_X_TOLERANCE,
        rng: createRng(seed, 'tune', 'nelder-mead', f.fold),
      }),
    )
    let asks = searches.map((s) => s!.next([]))
    while (asks.some((a) => !a.done)) {
      const points = asks.map((a) =>
        a.done ? [] : a.value.map((u) => params.map((p, j) => valueAt(p, u[j]!))),
      )
      const values = await run(points)
      asks = asks.map((a, k) =>
        a.done ? a : searches[k]!.next(values[k]!.map((v) => (v === null ? NaN : sign * v))),
      )
    }
    searches.fill(null)
  }
  return best
}

/** The cartesian product of value lists, the last varying fastest. */
function cartesian(lists: readonly number[][]): number[][] {
  return lists.reduce<number[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])),
    [[]],
  )
}

/**
 * Runs evaluations as one sweep: the cells zip each request's window (`prices.start`,
 * `prices.end`) with its field values; one path per cell.
 */
async function evaluate(
  ctx: Context,
  requests: readonly EvalRequest[],
): Promise<{ objective: number | null; index: number }[]> {
  if (requests.length === 0) return []
  const { base, params, objective, options } = ctx
  const lists = new Map<string, unknown[]>([
    ['prices.start', []],
    ['prices.end', []],
  ])
  for (const r of requests) {
    lists.get('prices.start')!.push(r.window.start)
    lists.get('prices.end')!.push(r.window.end)
    for (const [field, value] of fieldValues(base, params, r.values)) {
      if (!lists.has(field)) lists.set(field, [])
      lists.get(field)!.push(value)
    }
  }
  const sweep = { ...Object.fromEntries(lists), zip: [[...lists.keys()]] }
  const scenario = { ...base, sweep } as Scenario
  const result = await runSweep(
    { ...ctx.loaded, scenario },
    {
      workers: requests.length >= MIN_THREADED_BATCH ? (options.workers ?? 1) : 1,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  )
  const out = result.rows.map((row, i) => {
    const r = requests[i]!
    const value = row.figures?.[objective.column] ?? null
    ctx.evaluations.push({
      fold: r.fold,
      phase: r.phase,
      start: r.window.start,
      end: r.window.end,
      values: r.values,
      objective: value,
      error: row.error,
    })
    ctx.figures.push(row.figures)
    return { objective: value, index: ctx.evaluations.length - 1 }
  })
  options.onProgress?.(ctx.evaluations.length)
  return out
}

/** The final choice on `paths` moving-block bootstrap resamples of the scenario's price file. */
async function runBootstrap(
  ctx: Context,
  values: number[],
  paths: number,
  blockLength: number,
  horizon: number,
  seed: number,
): Promise<TuneBootstrap> {
  const { base, params, loaded, options } = ctx
  if (!Number.isSafeInteger(paths) || paths < 0 || paths > 1_000_000)
    throw new InputError(
      'BAD_OPTION',
      { path: '--bootstrap-paths' },
      `expected an integer from 0 to 1000000, found ${fmt(paths)}`,
    )
  // the file's reading options stay; the grid and range options are the csv model's only
  const csv = Object.fromEntries(
    Object.entries(base.prices).filter(
      ([key]) => !['model', 'dt', 'maxGap', 'start', 'end'].includes(key),
    ),
  )
  const raw = applyValues(base, fieldValues(base, params, values)) as Record<string, unknown>
  raw.prices = { model: 'bootstrap', ...csv, horizon, blockLength }
  raw.paths = paths
  const scenario = validateScenario(raw, loaded.file)
  const result = await runSweep(
    { ...loaded, scenario },
    {
      workers: paths >= MIN_THREADED_BATCH ? (options.workers ?? 1) : 1,
      seed,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  )
  const columns = figureColumns(base)
  const column = (name: string) =>
    result.rows.map((r) => r.figures?.[columns.indexOf(name)] ?? null)
  return {
    paths,
    blockLength,
    horizon,
    objective: figureStatistics(column(ctx.objective.name)),
    returnVsHodl: figureStatistics(column('returnVsHodl')),
    benchmarkReturnVsHodl: Object.fromEntries(
      benchmarkNames(base).map((b) => [b, figureStatistics(column(`${b}.returnVsHodl`))]),
    ),
    failed: result.failures.length,
  }
}

/**
 * Re-runs each fold's choice on its test window with its series (on this thread: a few short
 * runs) and builds the weight paths; the benchmarks' targets are the final choice's weights.
 */
async function outOfSampleWeights(
  ctx: Context,
  folds: readonly TuneFold[],
  finalValues: readonly number[],
): Promise<TuneWeightPaths> {
  const { base, params, loaded } = ctx
  const runs = []
  for (const f of folds) {
    const raw = applyValues(base, [
      ...fieldValues(base, params, f.chosen),
      ['prices.start', f.test.start],
      ['prices.end', f.test.end],
    ])
    const scenario = validateScenario(raw, loaded.file)
    const { result } = await runScenario(
      { ...loaded, scenario },
      {
        seriesPoints: f.test.points,
        ...(ctx.options.seed !== undefined ? { seed: ctx.options.seed } : {}),
      },
    )
    runs.push(result.series)
  }
  const last = applyValues(base, fieldValues(base, params, finalValues)) as Scenario
  const threshold = base.benchmarks.find((b) => b.type === 'threshold')
  return tuneWeightPaths(
    base.pool.tokens,
    runs,
    last.pool.weights,
    threshold?.type === 'threshold'
      ? { band: threshold.band, cost: threshold.costBps / 10_000 }
      : undefined,
  )
}
