import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvCell } from '../../src/report/csvCell.js'
import { formatPricePathCsv } from '../../src/report/pricePathCsv.js'
import { formatTimeSeriesCsv } from '../../src/report/timeseriesCsv.js'
import { fcParams } from '../arbitraries.js'

/** A cell read back by csv-parse (the package's CSV reader, an independent parser of RFC 4180). */
const readRows = (text: string): string[][] => parse(text, { relaxQuotes: false })
const FORMULA = /^[=+\-@\t\r]/
/** Header text built from the characters that matter to CSV and spreadsheets, plus any others. */
const headerText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', "'", 'A'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  minLength: 1,
  maxLength: 12,
})

describe('csvCell', () => {
  it('neutralises formula-leading cells with a quote, per OWASP', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('\tx')).toBe(`"'\tx"`)
    expect(csvCell('\rx')).toBe(`"'\rx"`)
  })
  it('quotes commas, quotes and line breaks and leaves plain names alone', () => {
    expect(csvCell('A,B')).toBe('"A,B"')
    expect(csvCell('a"b')).toBe('"a""b"')
    expect(csvCell('a\nb')).toBe('"a\nb"')
    expect(csvCell('price.ETH')).toBe('price.ETH')
    expect(csvCell('')).toBe('')
  })
})

describe('CSV writers', () => {
  const path = (tokens: string[]) => ({
    tokens,
    numeraire: 'USD',
    times: new Float64Array([0, 3600]),
    prices: new Float64Array(tokens.length * 2).fill(1.5),
  })
  it('import --out: a header read back cell for cell, formulas made text', () => {
    const tokens = ['=HYPERLINK("http://evil.example","x")', 'A,B', '@SUM(1)', 'ETH']
    const rows = readRows(formatPricePathCsv(path(tokens)))
    expect(rows[0]).toEqual([
      'time',
      `'=HYPERLINK("http://evil.example","x")`,
      'A,B',
      "'@SUM(1)",
      'ETH',
    ])
    expect(rows.slice(1)).toEqual([
      ['1970-01-01T00:00:00Z', '1.5', '1.5', '1.5', '1.5'],
      ['1970-01-01T01:00:00Z', '1.5', '1.5', '1.5', '1.5'],
    ])
  })
  it('any header text: one cell per token, read back as written, never formula-leading', () => {
    fc.assert(
      fc.property(fc.array(headerText, { minLength: 1, maxLength: 4 }), (tokens) => {
        const header = readRows(formatPricePathCsv(path(tokens)))[0]!
        expect(header).toHaveLength(tokens.length + 1)
        tokens.forEach((token, k) => {
          const cell = header[k + 1]!
          expect(FORMULA.test(cell)).toBe(false)
          expect(cell).toBe(FORMULA.test(token) ? `'${token}` : token)
        })
      }),
      fcParams(200),
    )
  })
  it('timeseries.csv uses the same rule for its column names', () => {
    const text = formatTimeSeriesCsv({
      columns: ['time', '=cmd|"/c calc"!A1', 'price.A,B'],
      data: [new Float64Array([0]), new Float64Array([1]), new Float64Array([-2])],
    })
    expect(readRows(text)).toEqual([
      ['time', `'=cmd|"/c calc"!A1`, 'price.A,B'],
      ['0', '1', '-2'],
    ])
  })
})
