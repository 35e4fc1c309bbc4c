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
