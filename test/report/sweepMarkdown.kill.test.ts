/**
 * A sweep's summary.md whole (issue 13, the mutation run on `src/report/sweepMarkdown.ts`): the
 * header lines, the cells table with its intervals, shares and empty cells, the charts, the
 * failed tasks (listed up to 20, the rest counted) and the files. The task rows are made up
 * here, not simulated, so every cell is known: each expected line is written by hand from the
 * rules in the module's doc comment and docs/sweeps.md.
 */
import { describe, expect, it } from 'vitest'
import { formatSweepMarkdown } from '../../src/report/sweepMarkdown.js'
import type { Scenario } from '../../src/sim/scenario/schema.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { assembleSweep } from '../../src/sim/sweep/runSweep.js'
import type { TaskRow } from '../../src/sim/sweep/tables.js'
import { figureColumns } from '../../src/sim/sweep/task.js'

const sweepScenario = (extra: Record<string, unknown>): Scenario =>
  validateScenario(
    {
      name: 'fee-sweep',
      pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
      prices: {
        numeraire: 'USDC',
        model: 'gbm',
        start: { ETH: 2500 },
        volatility: { ETH: 0.7 },
        dt: '1d',
        horizon: '10d',
      },
      ...extra,
    },
    'sweep.json',
  )

/** A task row with the named figures set (the others 1), or a failed one for a string. */
function row(
  scenario: Scenario,
  task: number,
  cell: number,
  path: number,
  figures: Record<string, number> | string,
): TaskRow {
  if (typeof figures === 'string')
    return { task, cell, path, seed: task, figures: null, error: figures }
  const columns = figureColumns(scenario)
  const values = columns.map(() => 1)
  for (const [name, value] of Object.entries(figures)) {
    const at = columns.indexOf(name)
    if (at < 0) throw new Error(`no figure ${name} in ${columns.join(', ')}`)
    values[at] = value
  }
  return { task, cell, path, seed: task, figures: values, error: null }
}

const FILES = [
  '## Files',
  '',
  '- `paths.csv`: one row per (cell, path): parameters, seed, every metric and benchmark figure',
  '- `cells.csv`: per cell and metric: paths, mean, standard deviation, 5/50/95 % quantiles, 95 % interval of the mean',
  '- `sweep.json`: the same statistics with the scenario, version and seeds',
  '',
]

describe("a sweep's summary.md", () => {
  it('three cells: an interval of identical paths, a cell of one path, a cell of failures', () => {
    const scenario = sweepScenario({
      benchmarks: [{ type: 'hodl' }, { type: 'constant-mix', name: 'c|m' }],
      sweep: { 'pool.swapFee': [0.001, 0.01, 0.1] },
      paths: 2,
    })
    const same = { returnVsHodl: -0.0123, feeIncome: 1234.4, lvr: 2000.5 }
    const rows = [
      // cell 0: the figures equal on both paths (interval of width 0); LP 101 and 99 against
      // HODL 100 (beats it on one path of two) and c|m 100.5 and 98 (beats it on both)
      row(scenario, 0, 0, 0, { ...same, lpValue: 101, 'hodl.value': 100, 'c|m.value': 100.5 }),
      row(scenario, 1, 0, 1, { ...same, lpValue: 99, 'hodl.value': 100, 'c|m.value': 98 }),
      // cell 1: one path (no interval), below both benchmarks
      row(scenario, 2, 1, 0, {
        returnVsHodl: 0.05,
        feeIncome: 0.4,
        lvr: 1e6,
        lpValue: 90,
        'hodl.value': 100,
        'c|m.value': 95,
      }),
      row(scenario, 3, 1, 1, 'NON_FINITE: x | y\nz'),
      // cell 2: nothing
      row(scenario, 4, 2, 0, 'boom'),
      row(scenario, 5, 2, 1, 'boom 2'),
    ]
    const result = assembleSweep(scenario, 9, 2, rows)
    // a scenario built in code is not held to the file's name and one-line description: escaped
    result.scenario = { ...scenario, name: 'fee|sweep', description: 'Two fees.\nOne | line' }
    const text = formatSweepMarkdown(result, '1.2.3', [
      { file: 'a.png', title: 'A | B' },
      { file: 'b.png', title: 'C' },
    ])
    expect(text).toBe(
      [
        '# Sweep: fee\\|sweep',
        '',
        'Two fees. One \\| line',
        '',
        '- swept: `pool.swapFee`; 3 cells × 2 paths = 6 tasks',
        "- seed 9 (each task's seed derives from it, its cell and its path; `amm-sim run <scenario> --cell C --path P` re-runs one)",
        '- amm-sim 1.2.3',
        '- failed tasks: 3',
        '',
        '## Cells',
        '',
        'Mean over the paths of each cell and, in brackets, the 95 % confidence interval of the mean (normal approximation). "beats" is the share of paths where the LP ends above that benchmark. Amounts in USDC.',
        '',
        '| cell | pool.swapFee | paths | LP vs HODL | fee income | LVR | beats hodl | beats c\\|m |',
        '|---|---|---|---|---|---|---|---|',
        '| 0 | 0.001 | 2 | -1.23 % [-1.23 %, -1.23 %] | 1,234 [1,234, 1,234] | 2,001 [2,001, 2,001] | 50 % | 100 % |',
        '| 1 | 0.01 | 1 | 5.00 % | 0 | 1,000,000 | 0 % | 0 % |',
        '| 2 | 0.1 | 0 | – | – | – | – | – |',
        '',
        '## Charts',
        '',
        '![A \\| B](charts/a.png)',
        '',
        '![C](charts/b.png)',
        '',
        '## Failed tasks',
        '',
        '- cell 1, path 1, seed 3: NON_FINITE: x \\| y z',
        '- cell 2, path 0, seed 4: boom',
        '- cell 2, path 1, seed 5: boom 2',
        '',
        ...FILES,
      ].join('\n'),
    )
  })

  it('one cell, one path: singular words, nothing swept, the default benchmarks, no charts nor failures', () => {
    const scenario = sweepScenario({})
    const result = assembleSweep(scenario, 1, 1, [
      row(scenario, 0, 0, 0, {
        returnVsHodl: 0.5,
        feeIncome: -2.6,
        lvr: 0,
        lpValue: 2,
        'hodl.value': 1,
        'constant-mix.value': 3,
      }),
    ])
    expect(formatSweepMarkdown(result, '0', [])).toBe(
      [
        '# Sweep: fee-sweep',
        '',
        '- swept: nothing (one cell); 1 cell × 1 path = 1 tasks',
        "- seed 1 (each task's seed derives from it, its cell and its path; `amm-sim run <scenario> --cell C --path P` re-runs one)",
        '- amm-sim 0',
        '- failed tasks: 0',
        '',
        '## Cells',
        '',
        'Mean over the paths of each cell and, in brackets, the 95 % confidence interval of the mean (normal approximation). "beats" is the share of paths where the LP ends above that benchmark. Amounts in USDC.',
        '',
        '| cell | paths | LP vs HODL | fee income | LVR | beats hodl | beats constant-mix |',
        '|---|---|---|---|---|---|---|',
        '| 0 | 1 | 50.00 % | -3 | 0 | 100 % | 0 % |',
        '',
        ...FILES,
      ].join('\n'),
    )
  })

  it('rolling windows named; 20 failed tasks listed, the rest counted', () => {
    const validated = sweepScenario({ paths: 23 })
    const rows = Array.from({ length: 23 }, (_, p) => row(validated, p, 0, p, `e${p}`))
    const result = assembleSweep(validated, 1, 23, rows)
    // the windows line reads only the scenario's `windows` (their paths are the same rows)
    result.scenario = { ...validated, windows: { length: '90d', every: '30d' } }
    const lines = formatSweepMarkdown(result, '0', []).split('\n')
    expect(lines[2]).toBe(
      '- swept: nothing (one cell); 1 cell × 23 paths = 23 tasks (paths are rolling windows of 90d every 30d)',
    )
    expect(lines[5]).toBe('- failed tasks: 23')
    const start = lines.indexOf('## Failed tasks') + 2
    const listed = lines.slice(start, lines.indexOf('', start))
    expect(listed).toEqual([
      ...Array.from({ length: 20 }, (_, p) => `- cell 0, path ${p}, seed ${p}: e${p}`),
      '- and 3 more (see paths.csv, column error)',
    ])
  })

  it('exactly 20 failed tasks: all listed, no count line', () => {
    const scenario = sweepScenario({ paths: 20 })
    const rows = Array.from({ length: 20 }, (_, p) => row(scenario, p, 0, p, `e${p}`))
    const lines = formatSweepMarkdown(assembleSweep(scenario, 1, 20, rows), '0', []).split('\n')
    const start = lines.indexOf('## Failed tasks') + 2
    const listed = lines.slice(start, lines.indexOf('', start))
    expect(listed).toHaveLength(20)
    expect(listed.at(-1)).toBe('- cell 0, path 19, seed 19: e19')
  })
})
