/**
 * A sweep's files in process (issue 13, the mutation run on `src/report/sweepFiles.ts`; the CLI
 * tests cover them end to end, outside the mutation run): the CSV fields and their quoting,
 * `paths.csv` read back (`--resume`, `merge`) and its refusals, `sweep.json`'s layout against
 * the statistics recomputed per cell, and the scenario hash by its definition.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import {
  formatSweepCsv,
  formatSweepJson,
  parseSweepRows,
  sweepHash,
} from '../../src/report/sweepFiles.js'
import { validateScenario } from '../../src/sim/scenario/validate.js'
import { assembleSweep } from '../../src/sim/sweep/runSweep.js'
import { figureStatistics } from '../../src/sim/sweep/statistics.js'
import type { TaskRow } from '../../src/sim/sweep/tables.js'
import { figureColumns } from '../../src/sim/sweep/task.js'

const scenario = validateScenario(
  {
    name: 'files',
    pool: { tokens: ['ETH', 'USDC'], weights: [0.5, 0.5], swapFee: 0.003 },
    prices: {
      numeraire: 'USDC',
      model: 'gbm',
      start: { ETH: 2500 },
      volatility: { ETH: 0.7 },
      dt: '1d',
      horizon: '10d',
    },
    benchmarks: [{ type: 'hodl' }],
    sweep: { 'pool.swapFee': [0.001, 0.01] },
    paths: 3,
  },
  'files.json',
)
const columns = figureColumns(scenario)
/** Task t: every figure t + its column index / 8 (distinct, exact in binary); task 4 failed. */
const rows: TaskRow[] = Array.from({ length: 6 }, (_, task) => ({
  task,
  cell: Math.floor(task / 3),
  path: task % 3,
  seed: 1000 + task,
  figures: task === 4 ? null : columns.map((_, c) => task + c / 8),
  error: task === 4 ? 'NON_FINITE: lpValue, "quoted", a,b' : null,
}))
const result = assembleSweep(scenario, 77, 3, rows)

describe('formatSweepCsv', () => {
  it('numbers as String(x), null empty, text quoted when it must be', () => {
    const text = formatSweepCsv({
      columns: ['n', 's', 't'],
      data: [
        [1.5, null, 1e21, 0.1 + 0.2],
        ['plain', 'a,b', 'say "hi"', ' lead'],
        ['trail ', 'x\ny', 'x\ry', 'mid dle'],
      ],
    })
    expect(text).toBe(
      'n,s,t\n1.5,plain,"trail "\n,"a,b","x\ny"\n1e+21,"say ""hi""","x\ry"\n0.30000000000000004," lead",mid dle\n',
    )
  })
  it('a table without rows or without columns: the header alone', () => {
    expect(formatSweepCsv({ columns: ['a', 'b'], data: [[], []] })).toBe('a,b\n')
    expect(formatSweepCsv({ columns: [], data: [] })).toBe('\n')
  })
})

describe('parseSweepRows', () => {
  // computed inside each test, not while the file loads: a mutant that throws here must fail
  // a test (Stryker counts a file that fails to load as no failure)
  const pathsCsv = () => formatSweepCsv(result.tables.paths)
  it('reads paths.csv back to the same rows, a failed task with its error and no figures', () => {
    const text = pathsCsv()
    expect(parseSweepRows(text, result.layout, 'paths.csv')).toEqual(rows)
  })
  it('reads a journal of some rows in file order', () => {
    const text = pathsCsv()
    const lines = text.split('\n')
    const journal = [lines[0], lines[6], lines[2], ''].join('\n')
    expect(parseSweepRows(journal, result.layout, 'j.csv').map((r) => r.task)).toEqual([5, 1])
  })
  it('an empty figure reads as null', () => {
    const text = pathsCsv()
    const lines = text.split('\n')
    const cells = lines[1]!.split(',')
    cells[4] = '' // the first figure of task 0
    const back = parseSweepRows([lines[0], cells.join(','), ''].join('\n'), result.layout, 'p.csv')
    expect(back[0]!.figures![0]).toBeNull()
    expect(back[0]!.figures![1]).toBe(1 / 8)
  })
  const refusal = (csv: string) => {
    try {
      parseSweepRows(csv, result.layout, 'p.csv')
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).code).toBe('PARTIAL_INVALID')
      return (error as Error).message
    }
    throw new Error('not refused')
  }
  it("refuses another sweep's columns, naming line 1", () => {
    const text = pathsCsv()
    const lines = text.split('\n')
    expect(refusal([lines[0]!.replace('pool.swapFee', 'pool.weights'), ''].join('\n'))).toBe(
      'p.csv:1: the columns are not those of this sweep',
    )
    expect(refusal('')).toBe('p.csv:1: the columns are not those of this sweep')
  })
  it('refuses a row cut short or with a field too many, naming the line and the count', () => {
    const lines = pathsCsv().split('\n')
    const width = lines[0]!.split(',').length
    const short = lines[2]!.split(',').slice(0, -2).join(',')
    expect(refusal([lines[0], lines[1], short, ''].join('\n'))).toBe(
      `p.csv:3: expected ${width} fields (the columns of line 1), found ${width - 2}: the row is cut short or run together; run the sweep (or that shard) again to rewrite it`,
    )
    expect(refusal([lines[0], `${lines[1]},7`, ''].join('\n'))).toBe(
      `p.csv:2: expected ${width} fields (the columns of line 1), found ${width + 1}: the row is cut short or run together; run the sweep (or that shard) again to rewrite it`,
    )
  })
  it('refuses text csv-parse cannot read, with the line it stopped at', () => {
    const lines = pathsCsv().split('\n')
    const message = refusal([lines[0], lines[1], '0,1,"unclosed', ''].join('\n'))
    expect(message).toMatch(
      /^p\.csv:\d+: not a CSV this sweep wrote \(.+\); run the sweep \(or that shard\) again to rewrite it$/,
    )
    expect(message).toContain('Quote Not Closed')
  })
  it('refuses a cell or path outside the sweep, naming the line', () => {
    const text = pathsCsv()
    const header = text.split('\n')[0]!
    const first = text.split('\n')[1]!.split(',')
    const at = (cell: string, path: string) => {
      const cells = [cell, path, ...first.slice(2)]
      return refusal([header, text.split('\n')[1], cells.join(','), ''].join('\n'))
    }
    expect(at('2', '0')).toBe('p.csv:3: no task of this sweep has cell 2, path 0')
    expect(at('-1', '0')).toBe('p.csv:3: no task of this sweep has cell -1, path 0')
    expect(at('0', '3')).toBe('p.csv:3: no task of this sweep has cell 0, path 3')
    expect(at('0', '-1')).toBe('p.csv:3: no task of this sweep has cell 0, path -1')
    expect(at('0.5', '0')).toBe('p.csv:3: no task of this sweep has cell 0.5, path 0')
    expect(at('0', '1.5')).toBe('p.csv:3: no task of this sweep has cell 0, path 1.5')
    expect(at('x', '0')).toBe('p.csv:3: no task of this sweep has cell x, path 0')
    // the last cell and path are inside
    expect(
      parseSweepRows(
        [header, ['1', '2', ...first.slice(2)].join(','), ''].join('\n'),
        result.layout,
        'p.csv',
      )[0]!.task,
    ).toBe(5)
  })
})

describe('sweepHash', () => {
  it('is the SHA-256 of the scenario as validated and the seed, as JSON', () => {
    const expected = createHash('sha256')
      .update(JSON.stringify({ scenario, seed: 77 }))
      .digest('hex')
    expect(sweepHash(scenario, 77)).toBe(expected)
    expect(sweepHash(scenario, 78)).not.toBe(expected)
  })
})

describe('formatSweepJson', () => {
  const sweepJson = () => {
    const text = formatSweepJson(result, '1.2.3')
    return { text, json: JSON.parse(text) as Record<string, unknown> }
  }
  it('two-space indent, final newline, the keys in their order', () => {
    const { text, json } = sweepJson()
    expect(text).toBe(`${JSON.stringify(json, null, 2)}\n`)
    expect(Object.keys(json)).toEqual([
      'scenario',
      'version',
      'seed',
      'scenarioHash',
      'cells',
      'pathsPerCell',
      'tasks',
      'failed',
      'parameters',
      'statistics',
      'cellList',
      'failures',
      'definition',
    ])
    expect(json).toMatchObject({
      scenario: 'files',
      version: '1.2.3',
      seed: 77,
      scenarioHash: sweepHash(scenario, 77),
      cells: 2,
      pathsPerCell: 3,
      tasks: 6,
      failed: 1,
      parameters: ['pool.swapFee'],
      statistics: ['paths', 'mean', 'standardDeviation', 'q05', 'q50', 'q95', 'ciLow', 'ciHigh'],
      failures: [{ cell: 1, path: 1, seed: 1004, error: 'NON_FINITE: lpValue, "quoted", a,b' }],
    })
    expect(json.definition).toEqual(JSON.parse(JSON.stringify(scenario)))
  })
  it('per cell: its parameter, seeds, and each figure statistics of its paths', () => {
    const { json } = sweepJson()
    const list = json.cellList as {
      cell: number
      parameters: Record<string, number>
      seeds: number[]
      metrics: Record<string, unknown>
    }[]
    expect(list.map((c) => [c.cell, c.parameters, c.seeds])).toEqual([
      [0, { 'pool.swapFee': 0.001 }, [1000, 1001, 1002]],
      [1, { 'pool.swapFee': 0.01 }, [1003, 1004, 1005]],
    ])
    const figures = columns.filter((f) => f !== 'startTime' && f !== 'endTime')
    for (const [cell, tasks] of [
      [0, [0, 1, 2]],
      [1, [3, 5]], // task 4 failed
    ] as const) {
      const metrics = list[cell]!.metrics
      expect(Object.keys(metrics)).toEqual([...figures, 'lpBeats.hodl'])
      for (const figure of figures) {
        const c = columns.indexOf(figure)
        const values = tasks.map((t) => t + c / 8)
        expect(metrics[figure], `${cell} ${figure}`).toEqual(
          JSON.parse(JSON.stringify(figureStatistics(values))),
        )
      }
      expect((metrics['lpBeats.hodl'] as { paths: number }).paths).toBe(tasks.length)
    }
  })
  it("a shard's result (no cells table): parameters and seeds, no statistics", () => {
    const shard = { ...result, tables: { paths: result.tables.paths } }
    const list = (JSON.parse(formatSweepJson(shard, '0')) as { cellList: unknown[] }).cellList
    expect(list).toEqual([
      { cell: 0, parameters: { 'pool.swapFee': 0.001 }, seeds: [1000, 1001, 1002], metrics: {} },
      { cell: 1, parameters: { 'pool.swapFee': 0.01 }, seeds: [1003, 1004, 1005], metrics: {} },
    ])
  })
})
