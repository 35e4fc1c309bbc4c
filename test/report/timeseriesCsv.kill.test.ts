/**
 * Tests written to kill the mutants StrykerJS left alive in src/report/timeseriesCsv.ts
 * (docs/mutation.md): a series with no column, and the guard against names and columns that do
 * not pair up.
 */
import { describe, expect, it } from 'vitest'
import { formatTimeSeriesCsv } from '../../src/report/timeseriesCsv.js'

describe('timeseries.csv edge cases', () => {
  it('writes an empty header line and no row for a series without columns', () => {
    expect(formatTimeSeriesCsv({ columns: [], data: [] })).toBe('\n')
  })

  it('refuses column names that do not pair up with the columns', () => {
    const format = () =>
      formatTimeSeriesCsv({ columns: ['time', 'lpValue'], data: [new Float64Array([0])] })
    expect(format).toThrow(Error)
    expect(format).toThrow('unreachable: 2 column names for 1 columns')
  })
})
