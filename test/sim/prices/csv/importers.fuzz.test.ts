/**
 * Fuzzing the CSV importers: random bytes, and random line and cell edits of well-formed files
 * of every format, read by `importPriceFile` (detection, reading, alignment) under random
 * options. The outcome is a price path of positive prices or an InputError: never another error.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import { PRICE_FORMATS } from '../../../../src/sim/scenario/schema.js'
import { importPriceFile } from '../../../../src/sim/scenario/importPrices.js'
import type { ImportOptions } from '../../../../src/sim/scenario/importPrices.js'
import { fcParams } from '../../../arbitraries.js'
import { tempDir } from '../../../tempDir.js'

const FIXTURES = new URL('../../../fixtures/prices/', import.meta.url)
/** Well-formed files of every format (Binance, CoinGecko, Yahoo, CoinMarketCap, wide, long). */
const samples = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.csv'))
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, FIXTURES), 'utf8') }))

/** Cells a damaged or hostile file holds: empty, signs, non-numbers, extremes, quotes, BOMs. */
const cell = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    'abc',
    'NaN',
    'Infinity',
    '1e400',
    '1e-400',
    'null',
    '"',
    '""',
    '"a,b"',
    '\uFEFF',
    '2024-02-30',
    '2024-01-01T25:00:00Z',
    '99999999999999999',
    '1609459200000000000',
    '-62135596800',
    '=1+1',
    ';',
    '\t',
    ' 1 ',
  ),
  fc.string({ maxLength: 8 }),
  fc.double().map(String),
)

/** A line edit: delete, duplicate, swap with the next, replace a cell, or insert junk. */
const lineEdit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'duplicate', 'swap', 'cell', 'cell', 'insert'),
  column: fc.nat(),
  value: cell,
})

const options: fc.Arbitrary<ImportOptions> = fc.record(
  {
    format: fc.constantFrom(...PRICE_FORMATS),
    lenient: fc.boolean(),
    duplicates: fc.constantFrom('error' as const, 'first' as const, 'last' as const),
    sort: fc.boolean(),
    utcOffset: fc.constantFrom(0, 3600, -18000),
    price: fc.constantFrom('close' as const, 'open' as const, 'typical' as const),
    maxGap: fc.constantFrom(3600, 86_400, 1e9),
  },
  { requiredKeys: [] },
)

function editLines(
  text: string,
  edits: (typeof lineEdit extends fc.Arbitrary<infer T> ? T : never)[],
): string {
  const lines = text.split('\n')
  for (const e of edits) {
    const i = e.at % Math.max(1, lines.length)
    const line = lines[i] ?? ''
    const separator = line.includes(';') ? ';' : ','
    if (e.kind === 'delete') lines.splice(i, 1)
    else if (e.kind === 'duplicate') lines.splice(i, 0, line)
    else if (e.kind === 'swap' && i + 1 < lines.length)
      [lines[i], lines[i + 1]] = [lines[i + 1]!, line]
    else if (e.kind === 'insert') lines.splice(i, 0, e.value)
    else {
      const cells = line.split(separator)
      cells[e.column % cells.length] = e.value
      lines[i] = cells.join(separator)
    }
  }
  return lines.join('\n')
}

describe('CSV importers, fuzzed', () => {
  const dir = tempDir('amm-fuzz-csv-')
  /** Imports `content` saved as `name`: a path, or an InputError (naming the file if it has one). */
  async function expectPathOrInputError(
    name: string,
    content: string | Uint8Array,
    opts: ImportOptions,
  ) {
    writeFileSync(path.join(dir, name), content)
    try {
      const { path: imported } = await importPriceFile(name, { ...opts, baseDir: dir })
      expect(imported.times.length).toBeGreaterThan(0)
      for (const price of imported.prices) expect(price).toBeGreaterThan(0)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      // the reader's errors name the file; alignment's name the series or the range
      if (error.where.file !== undefined) expect(error.message).toContain(name)
    }
  }
  it('random bytes give a path or an InputError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), options, (bytes, opts) =>
        expectPathOrInputError('bytes.csv', bytes, opts),
      ),
      fcParams(300),
    )
  })
  it('random line and cell edits of files of every format: the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: samples.length - 1 }),
        fc.array(lineEdit, { minLength: 1, maxLength: 5 }),
        options,
        (which, edits, opts) => {
          const sample = samples[which]!
          // the file's own name: Binance and CoinMarketCap files carry their symbol in it
          return expectPathOrInputError(sample.name, editLines(sample.text, edits), opts)
        },
      ),
      fcParams(700),
    )
  })
})
