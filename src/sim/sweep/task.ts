/**
 * One sweep task, a (cell, path) pair: its scenario (the cell's values written in), its seed
 * (derived from the scenario seed, the cell and the path), its prices (for rolling windows, the
 * path-th window of the file) and the row of figures it reports. The same code runs a task in a
 * sweep, inline or on a worker thread, and alone under `amm-sim run --cell --path`.
 */
import { InputError, fmt } from '../../errors.js'
import { runSimulation } from '../engine/runSimulation.js'
import type { Metrics, ResolvedSimulationConfig, SimulationResult } from '../engine/types.js'
import { collectPath, sourceFromPath } from '../prices/path.js'
import type { PricePath } from '../prices/types.js'
import { sweepSeed } from '../random.js'
import { configureScenario } from '../scenario/config.js'
import { parseDuration } from '../scenario/duration.js'
import type { LoadedScenario } from '../scenario/load.js'
import type { Scenario, ScenarioPrices } from '../scenario/schema.js'
import { applyValues, cellCount, cellValues, sweepAxes } from './grid.js'

/** Metric columns of a sweep row, in order: the engine's `Metrics`, `weightDeviation` split. */
export const SWEEP_METRICS = [
  'lpValue',
  'hodlValue',
  'returnVsHodl',
  'impermanentLoss',
  'impermanentLossClosedForm',
  'feeIncome',
  'lvr',
  'arbProfit',
  'volume',
  'trades',
  'trackingError',
  'weightDeviation.mean',
  'weightDeviation.max',
  'maxDrawdown',
  'annualisedReturn',
  'annualisedVolatility',
  'arbFees',
  'noiseFees',
  'gasPaid',
  'externalCosts',
  'arbTrades',
  'capBinds',
  'noiseTrades',
  'noiseVolume',
  'noiseCapBinds',
  'marketPnl',
  'returnDecomposition.divergenceLoss',
  'returnDecomposition.weightRule',
  'returnDecomposition.fees',
  'returnDecomposition.feesAtFixedFee',
  'returnDecomposition.dynamicFee',
  'returnDecomposition.fixedFee.lpReturn',
  'risk.sharpeRatio',
  'risk.sortinoRatio',
  'risk.calmarRatio',
  'risk.valueAtRisk',
  'risk.expectedShortfall',
] as const

/** Figures per benchmark, as `<benchmark>.<figure>` columns. */
export const SWEEP_BENCHMARK_FIGURES = [
  'value',
  'returnVsHodl',
  'tradingCost',
  'rebalances',
  'trackingError',
] as const

/** A finished task's figures: the window's times, then the metric and benchmark columns. */
export type TaskFigures = (number | null)[]

/** Everything a task needs from the loaded scenario; plain data, so it crosses to workers. */
export interface SweepInput {
  loaded: LoadedScenario
  /** Overrides the scenario's seed (`--seed`). */
  seed?: number
}

/** The scenario and configuration one (cell, path) runs with. */
export interface PreparedTask {
  scenario: Scenario
  prices: ScenarioPrices
  seed: number
  config: ResolvedSimulationConfig
}

/** Benchmark keys of a scenario (its `name`, else its type), in order. */
export function benchmarkNames(scenario: Scenario): string[] {
  return scenario.benchmarks.map((b) => b.name ?? b.type)
}

/** Figures per arbitrageur when they compete, as `arbitrageurs[j].<figure>` columns. */
export const SWEEP_ARBITRAGEUR_FIGURES = [
  'blocksWon',
  'profit',
  'gasPaid',
  'externalFees',
  'priorityFees',
] as const

/**
 * The figure groups a sweep's rows carry beyond {@link SWEEP_METRICS}, the same for every cell:
 * a swap fee rule's fee (`swapFee.mean`, `.min`, `.max`) when any cell has a rule, and the
 * competition's figures (`priorityFees`, then per arbitrageur) when any cell has two or more
 * arbitrageurs or an `arbitrage` option. A cell without them has nulls there.
 */
export interface ExtraFigures {
  readonly hasFeeRule: boolean
  readonly hasCompetition: boolean
  /** Arbitrageurs of the cell with the most (when `hasCompetition`; else 0). */
  readonly arbitrageurs: number
}

const extraFiguresOf = new WeakMap<Scenario, ExtraFigures>()

/**
 * {@link ExtraFigures} of a sweep scenario (or a plain one: its single cell), over every cell
 * when an axis moves the agents, the `arbitrage` option, the fee rule or the whole pool, else
 * from the base.
 */
export function extraFigures(scenario: Scenario): ExtraFigures {
  const known = extraFiguresOf.get(scenario)
  if (known) return known
  const axes = sweepAxes(scenario)
  // only these fields can add or remove an arbitrageur, the `arbitrage` option or a fee rule
  const isMoved = axes.some((axis) =>
    axis.fields.some((field) =>
      /^(agents|arbitrage|pool\.swapFeeRule)(\.|\[|$)|^pool$/.test(field),
    ),
  )
  const cells = isMoved
    ? Array.from({ length: cellCount(axes) }, (_, c) => applyValues(scenario, cellValues(axes, c)))
    : [scenario]
  let hasFeeRule = false
  let hasCompetition = false
  let arbitrageurs = 0
  for (const cell of cells as Partial<Scenario>[]) {
    if (cell.pool?.swapFeeRule !== undefined) hasFeeRule = true
    const count = (cell.agents ?? []).filter((a) => a.type === 'arbitrageur').length
    if (count >= 2 || cell.arbitrage !== undefined) hasCompetition = true
    arbitrageurs = Math.max(arbitrageurs, count)
  }
  const extra = { hasFeeRule, hasCompetition, arbitrageurs: hasCompetition ? arbitrageurs : 0 }
  extraFiguresOf.set(scenario, extra)
  return extra
}

/** A column beyond {@link SWEEP_METRICS}: its name and how a run's metrics give its value. */
type ExtraColumn = [name: string, read: (m: Metrics) => number | undefined]

/**
 * The columns of {@link ExtraFigures}, in order: one list for the names ({@link figureColumns})
 * and the values ({@link taskFigures}).
 */
function extraColumns(extra: ExtraFigures): ExtraColumn[] {
  const feeRule = (['mean', 'min', 'max'] as const).map((f): ExtraColumn => [
    `swapFee.${f}`,
    (m) => m.swapFee?.[f],
  ])
  const perArbitrageur = Array.from({ length: extra.arbitrageurs }, (_, j) =>
    SWEEP_ARBITRAGEUR_FIGURES.map((f): ExtraColumn => [
      `arbitrageurs[${j}].${f}`,
      (m) => m.arbitrageurs?.[j]?.[f],
    ]),
  ).flat()
  return [
    ...(extra.hasFeeRule ? feeRule : []),
    ...(extra.hasCompetition
      ? [['priorityFees', (m) => m.priorityFees] satisfies ExtraColumn]
      : []),
    ...perArbitrageur,
  ]
}

/** Names of the figure columns of {@link TaskFigures}, in order. */
export function figureColumns(scenario: Scenario): string[] {
  return [
    'startTime',
    'endTime',
    ...SWEEP_METRICS,
    ...extraColumns(extraFigures(scenario)).map(([name]) => name),
    ...benchmarkNames(scenario).flatMap((b) => SWEEP_BENCHMARK_FIGURES.map((f) => `${b}.${f}`)),
  ]
}

/**
 * The plain scenario of one cell: the base with the cell's values written in, validated.
 * @param scenario - the validated sweep scenario
 * @param file - its display name, for errors
 * @param cell - index of the cell, from 0
 * @returns the cell's scenario, without `sweep`, `paths` and `windows`
 * @throws {InputError} `BAD_OPTION` for a cell out of range
 */
export async function cellScenario(
  scenario: Scenario,
  file: string,
  cell: number,
): Promise<Scenario> {
  // Validating a cell costs about as much as a short path: each is validated once per sweep
  // scenario object (a thread's tasks share it), then copied (so no run can alter another's).
  let cells = validatedCells.get(scenario)
  if (!cells) validatedCells.set(scenario, (cells = new Map<number, Scenario>()))
  let validated = cells.get(cell)
  if (!validated) {
    validated = await validateCell(scenario, file, cell)
    cells.set(cell, validated)
  }
  return structuredClone(validated)
}

/** Cells already validated, by sweep scenario object (dropped with it). */
const validatedCells = new WeakMap<Scenario, Map<number, Scenario>>()

/**
 * Every cell of a sweep validated, null where a cell fails (its tasks then report the error):
 * a sweep's parent thread hands these to its workers with {@link primeCells}.
 * @param scenario - the validated sweep scenario
 * @param file - its display name, for errors
 * @param cells - number of cells
 * @returns the cells' scenarios by index
 */
export async function validCells(
  scenario: Scenario,
  file: string,
  cells: number,
): Promise<(Scenario | null)[]> {
  const out: (Scenario | null)[] = []
  for (let cell = 0; cell < cells; cell++)
    out.push(await cellScenario(scenario, file, cell).catch(() => null))
  return out
}

/**
 * Records cells validated elsewhere (by the parent thread) as this thread's, so that its tasks
 * need not load the validator (the schema and zod: most of a worker thread's start-up).
 * @param scenario - the sweep scenario object this thread's tasks receive
 * @param cells - from {@link validCells}; null cells are validated when a task needs them
 */
export function primeCells(scenario: Scenario, cells: readonly (Scenario | null)[]): void {
  let known = validatedCells.get(scenario)
  if (!known) validatedCells.set(scenario, (known = new Map<number, Scenario>()))
  cells.forEach((cell, index) => {
    if (cell !== null) known.set(index, cell)
  })
}

async function validateCell(scenario: Scenario, file: string, cell: number): Promise<Scenario> {
  const axes = sweepAxes(scenario)
  const cells = cellCount(axes)
  if (!Number.isSafeInteger(cell) || cell < 0 || cell >= cells)
    throw new InputError(
      'BAD_OPTION',
      { path: '--cell' },
      `expected a cell from 0 to ${cells - 1} (the sweep has ${fmt(cells)}), found ${fmt(cell)}`,
    )
  // loaded here, not at the top: the validator brings the schema and zod, which a worker thread
  // whose cells came validated (primeCells) never needs
  const { validateScenario } = await import('../scenario/validate.js')
  return validateScenario(applyValues(scenario, cellValues(axes, cell)), file)
}

/** Rolling windows of a scenario in seconds, or undefined. */
export function windowSeconds(scenario: Scenario): { length: number; every: number } | undefined {
  if (!scenario.windows) return undefined
  return {
    length: parseDuration(scenario.windows.length)!,
    every: parseDuration(scenario.windows.every)!,
  }
}

/**
 * Number of rolling windows over a path: starts at the first time plus k times `every`, each
 * spanning `length` seconds and ending on or before the last time.
 */
export function windowCount(path: PricePath, length: number, every: number): number {
  const span = path.times[path.times.length - 1]! - path.times[0]!
  return span < length ? 0 : Math.floor((span - length) / every) + 1
}

/** The k-th window of a path: the points with time in [start, start + length]. */
export function windowOf(path: PricePath, length: number, every: number, k: number): PricePath {
  const start = path.times[0]! + k * every
  const end = start + length
  let from = 0
  while (from < path.times.length && path.times[from]! < start) from++
  let to = from
  while (to < path.times.length && path.times[to]! <= end) to++
  const width = path.tokens.length
  return {
    tokens: path.tokens,
    numeraire: path.numeraire,
    times: path.times.slice(from, to),
    prices: path.prices.slice(from * width, to * width),
  }
}

/**
 * The seed of task (cell, path): {@link sweepSeed} of the scenario's seed (or `--seed`), shared by
 * every cell when the scenario has `commonPaths`.
 */
export function taskSeed(input: SweepInput, cell: number, path: number): number {
  const { scenario } = input.loaded
  return sweepSeed(input.seed ?? scenario.seed, cell, path, {
    common: scenario.commonPaths === true,
  })
}

/** Paths per cell of a sweep: `paths` (default 1), or the number of windows over the file. */
export async function pathsPerCell(input: SweepInput): Promise<number> {
  const { scenario, file } = input.loaded
  const windows = windowSeconds(scenario)
  if (!windows) return scenario.paths ?? 1
  const { config } = await configureScenario({
    ...input.loaded,
    scenario: await cellScenario(scenario, file, 0),
  })
  const count = windowCount(collectPath(config.prices), windows.length, windows.every)
  if (count === 0)
    throw new InputError(
      'SCENARIO_INVALID',
      { file, path: 'windows.length' },
      `the price file spans less than one window of ${fmt(windows.length)} s`,
    )
  return count
}

/**
 * Prepares the run of one (cell, path): the cell's scenario, the task's seed and the engine
 * configuration (for rolling windows, the path-th window of the file).
 * @param input - the loaded sweep scenario and an optional seed override
 * @param cell - index of the cell, from 0
 * @param path - index of the path within the cell, from 0
 * @returns scenario, prices, seed and engine configuration
 * @throws {InputError} `BAD_OPTION` for a cell or path out of range; configuration errors
 */
export async function prepareTask(
  input: SweepInput,
  cell: number,
  path: number,
): Promise<PreparedTask> {
  const { loaded } = input
  const scenario = await cellScenario(loaded.scenario, loaded.file, cell)
  const windows = windowSeconds(loaded.scenario)
  const paths = windows ? undefined : (loaded.scenario.paths ?? 1)
  if (!Number.isSafeInteger(path) || path < 0 || (paths !== undefined && path >= paths))
    throw new InputError(
      'BAD_OPTION',
      { path: '--path' },
      `expected a path from 0 to ${(paths ?? Infinity) - 1} (the scenario has ${fmt(paths ?? 0)} per cell), found ${fmt(path)}`,
    )
  const seed = taskSeed(input, cell, path)
  const run = await configureScenario({ ...loaded, scenario }, { seed })
  if (windows) {
    const whole = collectPath(run.config.prices)
    const count = windowCount(whole, windows.length, windows.every)
    if (path >= count)
      throw new InputError(
        'BAD_OPTION',
        { path: '--path' },
        `expected a window from 0 to ${count - 1} (the file holds ${fmt(count)}), found ${fmt(path)}`,
      )
    run.config.prices = sourceFromPath(windowOf(whole, windows.length, windows.every, path))
  }
  return { scenario, prices: run.prices, seed, config: run.config }
}

/**
 * The figures of a run in `figureColumns`' order; a missing figure is null.
 * @param result - the run's result
 * @param benchmarks - benchmark names of the sweep's columns
 * @param extra - the sweep's {@link extraFigures}
 */
export function taskFigures(
  result: SimulationResult,
  benchmarks: readonly string[],
  extra: ExtraFigures,
): TaskFigures {
  const m = result.metrics
  const finite = (x: number | null | undefined): number | null =>
    typeof x === 'number' && Number.isFinite(x) ? x : null
  const metric = (name: (typeof SWEEP_METRICS)[number]): number | null => {
    if (name === 'weightDeviation.mean') return finite(m.weightDeviation.mean)
    if (name === 'weightDeviation.max') return finite(m.weightDeviation.max)
    if (name === 'returnDecomposition.fixedFee.lpReturn')
      return finite(m.returnDecomposition.fixedFee.lpReturn)
    if (name.startsWith('returnDecomposition.'))
      return finite(
        m.returnDecomposition[
          name.slice(20) as Exclude<keyof typeof m.returnDecomposition, 'fixedFee'>
        ],
      )
    if (name.startsWith('risk.')) return finite(m.risk[name.slice(5) as keyof typeof m.risk])
    return finite(m[name as Exclude<keyof typeof m, 'returnDecomposition' | 'risk'>] as number)
  }
  return [
    result.startTime,
    result.endTime,
    ...SWEEP_METRICS.map(metric),
    ...extraColumns(extra).map(([, read]) => finite(read(m))),
    ...benchmarks.flatMap((b) =>
      SWEEP_BENCHMARK_FIGURES.map((f) => finite(result.benchmarks[b]?.[f])),
    ),
  ]
}

/**
 * Runs one (cell, path) and returns its figures (not its series: memory stays flat however many
 * tasks a sweep has).
 * @param input - the loaded sweep scenario
 * @param cell - index of the cell
 * @param path - index of the path
 * @returns the figures in `figureColumns`' order
 * @throws {InputError} configuration errors; {@link RunError} `NON_FINITE` from the engine
 */
export async function runTask(input: SweepInput, cell: number, path: number): Promise<TaskFigures> {
  const task = await prepareTask(input, cell, path)
  // A row holds figures only: two series points (start and end) instead of the scenario's
  // `seriesPoints`, which no figure reads, spare each task the series' allocation.
  const result = runSimulation({ ...task.config, seriesPoints: 2 })
  return taskFigures(result, benchmarkNames(task.scenario), extraFigures(input.loaded.scenario))
}
