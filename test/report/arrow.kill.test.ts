/**
 * `writeArrow`'s format and failure values (issue 13, the mutation run on `src/report/arrow.ts`):
 * an IPC file (with its footer, so a reader can seek), not the stream format, and a failure
 * naming the file in the error's values. A small hand-made series, not a simulation.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { RecordBatchFileReader, tableFromIPC } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import type { AmmSimError } from '../../src/errors.js'
import { toArrowTable, writeArrow } from '../../src/report/arrow.js'
import { tempDir } from '../tempDir.js'

const series = {
  series: {
    columns: ['time', 'lpValue'],
    data: [new Float64Array([0, 3600, 7200]), new Float64Array([1, 1.5, -2.25])],
  },
}

describe('writeArrow', () => {
  it('writes the IPC file format: magic at both ends, readable by the file reader', async () => {
    const file = path.join(tempDir('amm-arrow-kill-'), 'run.arrow')
    const bytes = await writeArrow(series, file)
    const buffer = readFileSync(file)
    expect(buffer.byteLength).toBe(bytes)
    // the file format starts and ends with ARROW1; the stream format has neither
    expect(buffer.subarray(0, 6).toString('latin1')).toBe('ARROW1')
    expect(buffer.subarray(buffer.byteLength - 6).toString('latin1')).toBe('ARROW1')
    const reader = RecordBatchFileReader.from(buffer)
    expect(reader.isFile()).toBe(true)
    const table = tableFromIPC(buffer)
    expect(Array.from(table.getChild('lpValue')!.toArray() as Float64Array)).toEqual([
      1, 1.5, -2.25,
    ])
  })

  it('a failure names the file in its values', async () => {
    const file = path.join(tempDir('amm-arrow-kill-'), 'missing', 'run.arrow')
    let error: AmmSimError | undefined
    try {
      await writeArrow(series, file)
    } catch (caught) {
      error = caught as AmmSimError
    }
    expect(error?.code).toBe('REPORT_WRITE')
    expect(error?.values).toEqual({ file })
  })

  it('the table has the series columns in order', async () => {
    const table = await toArrowTable(series)
    expect(table.schema.fields.map((f) => f.name)).toEqual(['time', 'lpValue'])
    expect(Array.from(table.getChild('time')!.toArray() as Float64Array)).toEqual([0, 3600, 7200])
  })
})
