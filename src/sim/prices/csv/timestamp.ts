/**
 * Timestamp cells of price files: ISO dates and epoch numbers in seconds, milliseconds or
 * microseconds, all returned as Unix seconds (UTC).
 */

/** Epoch numbers below this are seconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
const MAX_EPOCH_SECONDS = 1e11
/** Epoch numbers below this (and not seconds) are milliseconds; 1e14 us is March 1973. */
const MAX_EPOCH_MILLISECONDS = 1e14
/** Epoch numbers below this (and not ms) are microseconds; 1e17 ns would be March 1973. */
const MAX_EPOCH_MICROSECONDS = 1e17

const EPOCH = /^\d+(?:\.\d+)?$/
// 2021-01-02, 2021-01-02 03:04, 2021-01-02T03:04:05.678Z, 2018-01-01 00:00:00+00:00,
// 2021-10-17 00:00:00 UTC. No zone means UTC (every source in the data README is UTC or says so).
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * Parses one timestamp cell. Numbers are epoch time with the unit read from the magnitude:
 * below 1e11 seconds, below 1e14 milliseconds, below 1e17 microseconds (so any date from March
 * 1973 to the year 5138 reads right in all three units). Text is an ISO-8601 date or date-time;
 * `T` or a space between date and time; a zone of `Z`, `UTC`, `GMT` or `+hh:mm`; none means UTC.
 * @param text - the cell as written (surrounding spaces allowed)
 * @returns Unix seconds (fractional for sub-second times), or NaN when the cell is not a time
 * @example parseTimestamp('1609459200000') // 1609459200 (milliseconds)
 * @example parseTimestamp('2021-10-17 00:00:00 UTC') // 1634428800
 */
export function parseTimestamp(text: string): number {
  const cell = text.trim()
  if (EPOCH.test(cell)) {
    const value = Number(cell)
    if (value < MAX_EPOCH_SECONDS) return value
    if (value < MAX_EPOCH_MILLISECONDS) return value / 1e3
    if (value < MAX_EPOCH_MICROSECONDS) return value / 1e6
    return NaN
  }
  const m = ISO.exec(cell)
  if (m === null) return NaN
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = m[4] === undefined ? 0 : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC rolls 2021-02-30 over to March 2; a real date keeps its day of month.
  if (new Date(ms).getUTCDate() !== day) return NaN
  let seconds = ms / 1e3 + (m[7] === undefined ? 0 : Number(m[7]))
  const zone = m[8]
  if (zone !== undefined && (zone[0] === '+' || zone[0] === '-')) {
    const digits = zone.slice(1).replace(':', '')
    const offsetHours = Number(digits.slice(0, 2))
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0
    if (offsetHours > 23 || offsetMinutes > 59) return NaN
    // 12:00+03:00 is 09:00Z: subtract an eastern offset.
    seconds -= (zone[0] === '+' ? 1 : -1) * (offsetHours * 3600 + offsetMinutes * 60)
  }
  return seconds
}

/**
 * Renders Unix seconds for messages: ISO-8601 UTC without milliseconds when they are zero.
 * @param time - Unix seconds
 * @example isoTime(1609459200) // '2021-01-01T00:00:00Z'
 */
export function isoTime(time: number): string {
  if (!Number.isFinite(time)) return String(time)
  const iso = new Date(time * 1e3).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
}

/** Tokens of a `dateFormat`, longest first so `YYYY` is read before `M` or `D` could be. */
const DATE_TOKENS = ['YYYY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'mm', 'ss', 'SSS'] as const
type DateToken = (typeof DATE_TOKENS)[number]
/** What each token matches: month, day and hour with or without a leading zero. */
const TOKEN_PATTERNS: Record<DateToken, string> = {
  YYYY: '(\\d{4})',
  MM: '(\\d{1,2})',
  M: '(\\d{1,2})',
  DD: '(\\d{1,2})',
  D: '(\\d{1,2})',
  HH: '(\\d{1,2})',
  H: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{1,9})',
}
/** The field of the date each token sets. */
const TOKEN_FIELDS: Record<DateToken, string> = {
  YYYY: 'year',
  MM: 'month',
  M: 'month',
  DD: 'day',
  D: 'day',
  HH: 'hour',
  H: 'hour',
  mm: 'minute',
  ss: 'second',
  SSS: 'fraction',
}

/** A compiled `dateFormat`: {@link compileDateFormat}'s result, for {@link parseWithDateFormat}. */
export interface DateFormat {
  /** The format as written (`MM/DD/YYYY HH:mm`). */
  readonly text: string
  readonly pattern: RegExp
  /** The field each capture group sets, in order. */
  readonly fields: readonly string[]
}

/**
 * Compiles a date format such as `MM/DD/YYYY HH:mm`, `DD.MM.YYYY` or `YYYY-MM-DD HH:mm:ss`.
 * Tokens: `YYYY` year; `MM`/`M` month, `DD`/`D` day and `HH`/`H` hour (0-23), each with or
 * without a leading zero; `mm` minute and `ss` second (two digits); `SSS` fraction of a second.
 * Every other character stands for itself, and a space matches one or more spaces. Year, month
 * and day are required; a missing time is 00:00:00. Times are UTC (shift them with `utcOffset`).
 * @param text - the format
 * @returns the compiled format, or a sentence saying what is wrong with it
 * @example compileDateFormat('DD.MM.YYYY') // { text: 'DD.MM.YYYY', pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, … }
 */
export function compileDateFormat(text: string): DateFormat | string {
  let source = ''
  const fields: string[] = []
  for (let i = 0; i < text.length;) {
    const token = DATE_TOKENS.find((t) => text.startsWith(t, i))
    if (token !== undefined) {
      const field = TOKEN_FIELDS[token]
      if (fields.includes(field)) return `"${text}" sets the ${field} twice`
      fields.push(field)
      source += TOKEN_PATTERNS[token]
      i += token.length
      continue
    }
    const ch = text[i]!
    if (/[A-Za-z]/.test(ch) && ch !== 'T' && ch !== 'Z')
      return `"${text}" has "${ch}" at position ${i + 1}, which is not a token (YYYY, MM, M, DD, D, HH, H, mm, ss, SSS) nor T or Z`
    source += ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
    i++
  }
  const missing = ['year', 'month', 'day'].filter((field) => !fields.includes(field))
  if (missing.length > 0)
    return `"${text}" has no ${missing.join(', ')} (YYYY, MM, DD are required)`
  return { text, pattern: new RegExp(`^${source}$`), fields }
}

/**
 * Parses one cell with a compiled date format (see {@link compileDateFormat}).
 * @param text - the cell (surrounding spaces allowed)
 * @param format - from {@link compileDateFormat}
 * @returns Unix seconds, or NaN when the cell does not match or is not a real date and time
 * @example parseWithDateFormat('10/5/2020 23:59', compileDateFormat('MM/DD/YYYY HH:mm') as DateFormat) // 1601942340
 */
export function parseWithDateFormat(text: string, format: DateFormat): number {
  const m = format.pattern.exec(text.trim())
  if (m === null) return NaN
  // compileDateFormat required year, month and day, so they are always set below
  const value = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, fraction: 0 }
  format.fields.forEach((field, k) => {
    const digits = m[k + 1]!
    // a fraction's digits are decimals: "5" is 0.5 s, "050" is 0.05 s
    value[field as keyof typeof value] =
      field === 'fraction' ? Number(`0.${digits}`) : Number(digits)
  })
  const { year, month, day, hour, minute, second, fraction } = value
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC rolls 2021-02-30 over to March 2; a real date keeps its day of month.
  if (new Date(ms).getUTCDate() !== day) return NaN
  return ms / 1e3 + fraction
}

/** A date with the day and month in either order: `10/5/2020`, `13.01.2021 08:00`. */
const DAY_MONTH = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:([ T])(\d{1,2}):(\d{2})(:\d{2})?)?$/
/** A year-first date with slashes or dots: `2020/10/05 23:59`. */
const YEAR_FIRST = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:([ T])(\d{1,2}):(\d{2})(:\d{2})?)?$/

/**
 * Date formats that would read a timestamp cell the ISO parser refused, for the error's hint:
 * `10/5/2020 23:59` gives both `MM/DD/YYYY HH:mm` and `DD/MM/YYYY HH:mm` (either could be
 * meant); `13/5/2020` only `DD/MM/YYYY`; `2020/10/05` gives `YYYY/MM/DD`.
 * @param text - the cell as written
 * @returns the formats, month-first before day-first; empty when the text looks like no date
 * @example guessDateFormats('10/5/2020 23:59') // ['MM/DD/YYYY HH:mm', 'DD/MM/YYYY HH:mm']
 */
export function guessDateFormats(text: string): string[] {
  const cell = text.trim()
  const timeOf = (m: RegExpExecArray): string =>
    m[5] === undefined ? '' : `${m[5]}HH:mm${m[8] === undefined ? '' : ':ss'}`
  const dayMonth = DAY_MONTH.exec(cell)
  if (dayMonth !== null) {
    const [first, sep, second] = [Number(dayMonth[1]), dayMonth[2]!, Number(dayMonth[3])]
    const time = timeOf(dayMonth)
    const monthFirst = `MM${sep}DD${sep}YYYY${time}`
    const dayFirst = `DD${sep}MM${sep}YYYY${time}`
    const formats: string[] = []
    if (first >= 1 && first <= 12 && second >= 1 && second <= 31) formats.push(monthFirst)
    if (second >= 1 && second <= 12 && first >= 1 && first <= 31) formats.push(dayFirst)
    return formats
  }
  const yearFirst = YEAR_FIRST.exec(cell)
  if (yearFirst !== null) {
    const sep = yearFirst[2]!
    return [`YYYY${sep}MM${sep}DD${timeOf(yearFirst)}`]
  }
  return []
}
