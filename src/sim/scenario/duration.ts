/**
 * Durations as scenario files write them ("12s", "5m", "1h", "365d") converted once, here, to
 * seconds (house style 4: time is seconds everywhere inside).
 */
import { DEFAULT_START_TIME } from '../prices/model.js'

/** Seconds per unit letter of a duration string. A year is 365 days, as in every annual figure. */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3_600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
}

/** `<number><unit>`, unit one of s, m, h, d, w, y; the number may have a fraction ("1.5h"). */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*([smhdwy])$/

/**
 * Seconds in a scenario duration: a string such as `"12s"`, `"5m"`, `"1h"`, `"365d"` or a
 * plain number of seconds.
 * @param value - a duration string (units s, m, h, d, w, y = 365 d) or seconds as a number
 * @returns seconds, or `undefined` when the value is not a duration (the caller reports where)
 * @example parseDuration('365d') // 31536000
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  const match = DURATION_PATTERN.exec(value.trim())
  if (!match) return undefined
  const unit = DURATION_UNITS[match[2]!]!
  return Number(match[1]) * unit
}

/**
 * A number of seconds in the largest unit that divides it evenly (`31536000` → `"365d"`), for
 * reports written in words.
 * @param seconds - a non-negative number of seconds
 * @returns a duration string that {@link parseDuration} reads back to the same number
 * @example formatDuration(3600) // '1h'
 */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`
  }
  return `${seconds}s`
}

/** First point of a synthetic path when the scenario names no `startTime`: 2025-01-01 UTC. */
export { DEFAULT_START_TIME }

/**
 * Unix seconds of a scenario's `startTime`: an ISO date (midnight UTC), an ISO date-time with
 * offset, or Unix seconds; {@link DEFAULT_START_TIME} when absent.
 * @param value - as the schema accepted it
 * @returns Unix seconds (NaN only for a string the schema would have refused)
 * @example startTimeSeconds('2025-01-01') // 1735689600
 */
export function startTimeSeconds(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_START_TIME
  if (typeof value === 'number') return value
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value
  return Date.parse(iso) / 1000
}
