import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { RunError } from '../../src/errors.js'
import { toArrowTable, writeArrow } from '../../src/report/arrow.js'
import { runSimulation } from '../../src/sim/engine/runSimulation.js'
import { lazy } from '../lazy.js'
import { tempDir } from '../tempDir.js'

/** A 3-token run with every step kept, made in the first test that asks. */
const run = lazy(() =>
  runSimulation({
    pool: { weights: { ETH: 0.5, WBTC: 0.3, USDC: 0.2 }, swapFee: 0.003, initialValue: 1e6 },
    prices: {
      model: 'gbm',
      numeraire: 'USDC',
      tokens: ['ETH', 'WBTC', 'USDC'],
      start: { ETH: 3000, WBTC: 60_000, USDC: 1 },
      volatility: { ETH: 0.8, WBTC: 0.6 },
      dt: 3_600,
      horizon: 10 * 86_400,
    },
    agents: [{ type: 'arbitrageur' }, { type: 'noise', tradesPerDay: 20, medianSize: 1_000 }],
    benchmarks: [{ type: 'hodl' }, { type: 'periodic', everySteps: 24, costBps: 5 }],
    seed: 9,
    seriesPoints: 'all',
  }),
)

describe('Arrow output', () => {
  it('writes an IPC file whose every column reads back equal to the series, bit for bit', async () => {
    const result = run()
    const dir = tempDir('amm-arrow-')
    const file = path.join(dir, 'run.arrow')
    const bytes = await writeArrow(result, file)
    const buffer = readFileSync(file)
    expect(buffer.byteLength).toBe(bytes)
    expect(buffer.subarray(0, 6).toString('latin1')).toBe('ARROW1') // the IPC file magic
    const table = tableFromIPC(buffer)
    const { columns, data } = result.series
    expect(table.schema.fields.map((f) => f.name)).toEqual(columns)
    expect(table.numRows).toBe(241) // 10 days of hours, both ends
    columns.forEach((name, c) => {
      const read = table.getChild(name)!.toArray() as Float64Array
      expect(read).toBeInstanceOf(Float64Array)
      expect(Array.from(read)).toEqual(Array.from(data[c]!))
    })
    expect(readdirSync(dir)).toEqual(['run.arrow']) // no temporary file left
  })

  it('gives an in-memory table with the same columns', async () => {
    const result = run()
    const table = await toArrowTable(result)
    expect(table.numCols).toBe(result.series.columns.length)
    const lp = table.getChild('lpValue')!.toArray() as Float64Array
    expect(Array.from(lp)).toEqual(Array.from(result.series.data[1]!))
  })

  it('fails with REPORT_WRITE naming the file, leaving nothing behind', async () => {
    const result = run()
    const dir = tempDir('amm-arrow-')
    const file = path.join(dir, 'missing', 'run.arrow')
    const write = writeArrow(result, file)
    await expect(write).rejects.toThrow(RunError)
    await expect(writeArrow(result, file)).rejects.toThrow(
      expect.objectContaining({ code: 'REPORT_WRITE' }),
    )
    await expect(writeArrow(result, file)).rejects.toThrow(
      `REPORT_WRITE: cannot write ${file}: ENOENT: no such file or directory, open '${file}.tmp-${process.pid}'`,
    )
    expect(existsSync(path.join(dir, 'missing'))).toBe(false)
  })
})
