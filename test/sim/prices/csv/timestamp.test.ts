import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compileDateFormat,
  guessDateFormats,
  isoTime,
  parseTimestamp,
  parseWithDateFormat,
  type DateFormat,
} from '../../../../src/sim/prices/csv/timestamp.js'
import { fcParams } from '../../../arbitraries.js'

/** Oracle: the platform's own calendar arithmetic, not the parser under test. */
const utc = (...parts: [number, number, number, number?, number?, number?]) =>
  Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0) / 1000

describe('parseTimestamp', () => {
  const jan1 = utc(2021, 1, 1) // 1609459200
  it('reads the same instant written in seconds, milliseconds and microseconds', () => {
    expect(parseTimestamp('1609459200')).toBe(jan1)
    expect(parseTimestamp('1609459200000')).toBe(jan1)
    expect(parseTimestamp('1609459200000000')).toBe(jan1)
    expect(parseTimestamp('1502942400.0')).toBe(utc(2017, 8, 17, 4)) // CryptoDataDownload's "s.0"
    expect(parseTimestamp('1609545599999')).toBe(jan1 + 86_399.999) // a Binance close time
  })
  it('switches unit at 1e11 and 1e14 and rejects 1e17 and above', () => {
    expect(parseTimestamp('99999999999')).toBe(99_999_999_999) // seconds, the year 5138
    expect(parseTimestamp('100000000000')).toBe(100_000_000) // milliseconds, 1973-03-03
    expect(parseTimestamp('100000000000000')).toBe(100_000_000) // microseconds
    expect(parseTimestamp('100000000000000000')).toBeNaN()
  })
  it('reads every magnitude rule the same across 1973 to 2100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000, max: 4_102_444_800 }), (seconds) => {
        expect(parseTimestamp(String(seconds))).toBe(seconds)
        expect(parseTimestamp(String(seconds * 1000))).toBe(seconds)
        expect(parseTimestamp(`${seconds}000000`)).toBe(seconds)
      }),
      fcParams(500),
    )
  })
  it('reads the ISO spellings found in exchange and data-site exports as UTC', () => {
    expect(parseTimestamp('2021-01-01')).toBe(jan1)
    expect(parseTimestamp('2021-01-01 00:00:00')).toBe(jan1)
    expect(parseTimestamp('2021-01-01T00:00:00Z')).toBe(jan1)
    expect(parseTimestamp('2021-01-01T00:00:00.000Z')).toBe(jan1)
    expect(parseTimestamp('2021-01-01 00:00:00+00:00')).toBe(jan1)
    expect(parseTimestamp('2021-10-17 00:00:00 UTC')).toBe(utc(2021, 10, 17))
    expect(parseTimestamp('2018-01-30 00:05:08 UTC')).toBe(utc(2018, 1, 30, 0, 5, 8))
    expect(parseTimestamp('2023-08-19T23:59:59.999Z')).toBeCloseTo(
      utc(2023, 8, 19, 23, 59, 59) + 0.999,
      6,
    )
    expect(parseTimestamp(' 2021-01-01 12:30 ')).toBe(jan1 + 12.5 * 3600)
  })
  it('applies a zone offset: 03:00+03:00 is midnight UTC', () => {
    expect(parseTimestamp('2025-06-17 03:00:00+03:00')).toBe(utc(2025, 6, 17))
    expect(parseTimestamp('2025-06-16T21:00:00-0300')).toBe(utc(2025, 6, 17))
  })
  it('rejects text that is not a time, impossible dates and negative numbers', () => {
    for (const bad of [
      '',
      'abc',
      '2021-02-30',
      '2021-13-01',
      '2021-01-01 24:00',
      '10/5/2020 23:59',
      '-5',
      '2017-08-17 04-AM',
      '0x10',
    ])
      expect(parseTimestamp(bad), bad).toBeNaN()
  })
})

describe('isoTime', () => {
  it('prints whole seconds without milliseconds', () => {
    expect(isoTime(1609459200)).toBe('2021-01-01T00:00:00Z')
    expect(isoTime(1609459200.5)).toBe('2021-01-01T00:00:00.500Z')
  })
})

describe('dateFormat', () => {
  const compiled = (text: string): DateFormat => {
    const format = compileDateFormat(text)
    if (typeof format === 'string') throw new Error(`test setup: ${format}`)
    return format
  }
  it('reads a spreadsheet US date with or without leading zeros, as UTC', () => {
    const us = compiled('MM/DD/YYYY HH:mm')
    expect(parseWithDateFormat('10/5/2020 23:59', us)).toBe(utc(2020, 10, 5, 23, 59))
    expect(parseWithDateFormat('01/05/2020 03:04', us)).toBe(utc(2020, 1, 5, 3, 4))
    expect(parseWithDateFormat(' 1/5/2020   3:04 ', us)).toBe(utc(2020, 1, 5, 3, 4))
  })
  it('reads day-first, dotted dates; ISO-like layouts with seconds and fractions', () => {
    expect(parseWithDateFormat('20.06.2023', compiled('DD.MM.YYYY'))).toBe(utc(2023, 6, 20))
    expect(parseWithDateFormat('2023-06-20 01:02:03', compiled('YYYY-MM-DD HH:mm:ss'))).toBe(
      utc(2023, 6, 20, 1, 2, 3),
    )
    expect(
      parseWithDateFormat('2023-06-20T01:02:03.250Z', compiled('YYYY-MM-DDTHH:mm:ss.SSSZ')),
    ).toBe(utc(2023, 6, 20, 1, 2, 3) + 0.25)
  })
  it('refuses cells that do not match, and impossible dates', () => {
    const us = compiled('MM/DD/YYYY')
    for (const bad of ['13/5/2020', '2/30/2021', '10-5-2020', '10/5/20', '10/5/2020 23:59', ''])
      expect(parseWithDateFormat(bad, us), bad).toBeNaN()
    expect(parseWithDateFormat('1/1/2021 24:00', compiled('M/D/YYYY H:mm'))).toBeNaN()
  })
  it('says what is wrong with a format', () => {
    expect(compileDateFormat('DD/MM/YY')).toBe(
      '"DD/MM/YY" has "Y" at position 7, which is not a token (YYYY, MM, M, DD, D, HH, H, mm, ss, SSS) nor T or Z',
    )
    expect(compileDateFormat('HH:mm')).toBe(
      '"HH:mm" has no year, month, day (YYYY, MM, DD are required)',
    )
    expect(compileDateFormat('DD/MM/YYYY D')).toBe('"DD/MM/YYYY D" sets the day twice')
  })
  it('guesses both orders for an ambiguous day and month, one when a part is above 12', () => {
    expect(guessDateFormats('10/5/2020 23:59')).toEqual(['MM/DD/YYYY HH:mm', 'DD/MM/YYYY HH:mm'])
    expect(guessDateFormats('13/5/2020')).toEqual(['DD/MM/YYYY'])
    expect(guessDateFormats('5/13/2020 1:02:03')).toEqual(['MM/DD/YYYY HH:mm:ss'])
    expect(guessDateFormats('20.06.2023')).toEqual(['DD.MM.YYYY'])
    expect(guessDateFormats('2020/10/05 23:59')).toEqual(['YYYY/MM/DD HH:mm'])
    expect(guessDateFormats('yesterday')).toEqual([])
  })
})
