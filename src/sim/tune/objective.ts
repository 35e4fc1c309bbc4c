/**
 * The objective of a tuning: one figure of a sweep row (a metric such as `returnVsHodl`, `lvr`,
 * `feeIncome`, or a benchmark's `<name>.<figure>`), and whether more of it is better.
 */
import { InputError } from '../../errors.js'
import type { Scenario } from '../scenario/schema.js'
import { benchmarkNames, figureColumns } from '../sweep/task.js'

/** Whether the search looks for the largest or the smallest objective. */
export type TuneDirection = 'maximize' | 'minimize'

/** Metrics whose better side is plain; the others need `--maximize` or `--minimize`. */
const METRIC_DIRECTIONS: Readonly<Record<string, TuneDirection>> = {
  lpValue: 'maximize',
  returnVsHodl: 'maximize',
  impermanentLoss: 'maximize', // a negative fraction: closer to 0 is better
  impermanentLossClosedForm: 'maximize',
  feeIncome: 'maximize',
  annualisedReturn: 'maximize',
  arbFees: 'maximize',
  noiseFees: 'maximize',
  volume: 'maximize',
  noiseVolume: 'maximize',
  lvr: 'minimize',
  arbProfit: 'minimize',
  trackingError: 'minimize',
  'weightDeviation.mean': 'minimize',
  'weightDeviation.max': 'minimize',
  maxDrawdown: 'minimize',
  annualisedVolatility: 'minimize',
  gasPaid: 'minimize',
  externalCosts: 'minimize',
}
/** Benchmark figures whose better side is plain. */
const BENCHMARK_DIRECTIONS: Readonly<Record<string, TuneDirection>> = {
  returnVsHodl: 'maximize',
  trackingError: 'minimize',
  tradingCost: 'minimize',
}

/** An objective resolved against a scenario: its column among the task figures and direction. */
export interface TuneObjective {
  name: string
  direction: TuneDirection
  /** Index in the figures of a sweep row (`figureColumns`). */
  column: number
}

/**
 * The objective `name` of a scenario and its direction: the one given, else the metric's own.
 * @param scenario - the validated scenario (its benchmarks name the `<b>.<figure>` objectives)
 * @param name - a metric or `<benchmark>.<figure>`
 * @param direction - overrides the default
 * @returns the resolved objective
 * @throws {InputError} `BAD_OPTION` (path `--objective`) for an unknown figure, listing them,
 *   or a figure with no better side (`trades`, `hodlValue`) given without a direction
 * @example tuneObjective(scenario, 'lvr').direction // 'minimize'
 */
export function tuneObjective(
  scenario: Scenario,
  name: string,
  direction?: TuneDirection,
): TuneObjective {
  const columns = figureColumns(scenario)
  const column = columns.indexOf(name)
  if (column < 2)
    throw new InputError(
      'BAD_OPTION',
      { path: '--objective' },
      `"${name}" is not a figure of this scenario: expected one of ${columns.slice(2).join(', ')}`,
    )
  const dot = name.lastIndexOf('.')
  const isBenchmark = dot > 0 && benchmarkNames(scenario).includes(name.slice(0, dot))
  const own = isBenchmark ? BENCHMARK_DIRECTIONS[name.slice(dot + 1)] : METRIC_DIRECTIONS[name]
  const chosen = direction ?? own
  if (!chosen)
    throw new InputError(
      'BAD_OPTION',
      { path: '--objective' },
      `"${name}" has no better side by default: add --maximize or --minimize`,
    )
  return { name, direction: chosen, column }
}
