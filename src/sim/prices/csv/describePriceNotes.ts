/**
 * The provenance of a historical path in words: which files, which quotes were taken as equal,
 * what was re-timed or crossed, which prices were carried forward and which moves look like
 * jumps. summary.md's "Data" section and `amm-sim import` print these lines; the engine's
 * warnings use {@link priceWarnings}.
 */
import { fmt } from '../../../errors.js'
import type {
  FilledGap,
  PriceJump,
  PricePathNotes,
  SeriesProvenance,
  TokenProvenance,
} from '../types.js'
import { isoTime } from './timestamp.js'

/** One line per token, with its listed gaps and jumps as details. */
export interface PriceNoteLine {
  readonly token: string
  readonly text: string
  readonly details: readonly string[]
}

/** A warning about the data, in the shape of the engine's `RunWarning`. */
export interface PriceWarning {
  code: string
  message: string
  step?: number
  time?: number
  token?: string
}

/** A duration in words: `3 d`, `5 h`, `1.5 d`, `90 s`. */
function span(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
  ] as const)
    if (Math.abs(seconds) >= size) return `${fmt(Number((seconds / size).toPrecision(3)))} ${unit}`
  return `${fmt(seconds)} s`
}

function describeSeries(s: SeriesProvenance): string {
  const parts = [s.format]
  if (s.quote === null)
    parts.push(
      s.usedAs === null
        ? 'quote not named, the common unit of the file'
        : `quote not named, taken as ${s.usedAs}`,
    )
  else if (s.isTreatedEqual)
    parts.push(
      `quoted in ${s.quote}, taken as ${s.usedAs}: ${s.quote} treated as equal to ${s.usedAs}`,
    )
  else parts.push(`quoted in ${s.quote}`)
  if (s.isInverted) parts.push('inverted')
  let text = `${s.symbol} from ${s.file} (${parts.join(', ')})`
  if (s.retimedBy !== 0)
    text += `, re-timed by ${s.retimedBy > 0 ? '+' : '-'}${span(Math.abs(s.retimedBy))} (its row for day D is the close of D - 1; daily closes are stamped at the start of their day)`
  return text
}

function describeGap(gap: FilledGap): string {
  return `${gap.series}: no price from ${isoTime(gap.from)} to ${isoTime(gap.to)} (${span(gap.seconds)}); ${gap.steps} grid point${gap.steps === 1 ? '' : 's'} forward-filled`
}

/**
 * A jump in words: `ETH moved x0.57 (log return -0.56, 12.3 x its typical move 0.0456) at
 * 2020-03-12T00:00:00Z`, with the gap it follows.
 */
function describeJump(jump: PriceJump, typicalMove: number): string {
  const times = typicalMove > 0 ? `${fmt(Number(jump.multiple.toPrecision(3)))} x` : 'above'
  let text = `${jump.token} moved x${fmt(jump.to / jump.from)} (${fmt(jump.from)} to ${fmt(jump.to)}, log return ${fmt(jump.logReturn)}, ${times} its typical move ${fmt(typicalMove)}) at ${isoTime(jump.time)}`
  if (jump.afterGapSteps > 0)
    text += `, right after ${jump.afterGapSteps} forward-filled grid point${jump.afterGapSteps === 1 ? '' : 's'}`
  return text
}

function describeToken(t: TokenProvenance): PriceNoteLine {
  if (t.route === 'numeraire')
    return { token: t.token, text: `${t.token}: the numeraire, price 1`, details: [] }
  const [own, other] = t.series
  let text = `${t.token}: ${describeSeries(own!)}`
  if (t.route === 'crossed')
    text += `; crossed through ${t.crossedThrough ?? 'the common unit of the file'}: divided by ${describeSeries(other!)}`
  text += '.'
  const { gaps, jumps } = t
  if (gaps.count === 0) text += ' No forward-filled gaps.'
  else
    text += ` Forward-filled: ${gaps.count} gap${gaps.count === 1 ? '' : 's'}, ${gaps.steps} grid point${gaps.steps === 1 ? '' : 's'}, longest ${span(gaps.longest!.seconds)} (${isoTime(gaps.longest!.from)} to ${isoTime(gaps.longest!.to)}).`
  if (jumps.count > 0)
    text += ` Jumps: ${jumps.count} step${jumps.count === 1 ? '' : 's'} moved more than ${fmt(jumps.threshold)} in |log return|.`
  const details = gaps.list.map(describeGap)
  if (gaps.unlisted > 0) details.push(`… and ${gaps.unlisted} more gaps`)
  return { token: t.token, text, details }
}

/**
 * The notes of a path in words: the grid, then one line per token.
 * @param notes - from a historical path (`PricePath.notes`)
 * @param numeraire - the unit prices are expressed in
 * @returns a grid line and one {@link PriceNoteLine} per token, gaps listed as details
 * @example describePriceNotes(path.notes!, 'USDT').tokens[0]!.text // 'ETH: ETH from `ETHUSDT.csv` (binance, quoted in USDT). No forward-filled gaps.'
 */
export function describePriceNotes(
  notes: PricePathNotes,
  numeraire: string,
): { grid: string; tokens: PriceNoteLine[] } {
  const anchor =
    notes.gridOrigin === 'start'
      ? 'from the first common time (gridOrigin start)'
      : 'on multiples of the step since 1970 (gridOrigin epoch)'
  const use = notes.role === 'history' ? 'The history the model resampled: ' : ''
  const grid = `${use}a grid every ${span(notes.step)} ${anchor}, prices in ${numeraire}; a price is carried forward at most ${span(notes.maxGap)} (maxGap). A jump is a step whose |log return| exceeds ${notes.jumpMultiple} x the token's median move (and ${notes.jumpFloor}).`
  return { grid, tokens: notes.tokens.map(describeToken) }
}

/**
 * Warnings a path's notes call for: per token, quotes treated as equal (`QUOTE_TREATED_EQUAL`),
 * forward-filled gaps (`PRICE_FORWARD_FILLED`), and each listed jump (`PRICE_JUMP`, with step
 * and time; a last one counts the jumps not listed). For a resampled history, no `step`.
 * @param notes - from a historical path
 * @returns warnings in token order, then time order
 * @example priceWarnings(path.notes!).map((w) => w.code) // ['PRICE_JUMP']
 */
export function priceWarnings(notes: PricePathNotes): PriceWarning[] {
  const warnings: PriceWarning[] = []
  const where = notes.role === 'history' ? ' (in the history the model resampled)' : ''
  for (const t of notes.tokens) {
    for (const s of t.series)
      if (s.isTreatedEqual)
        warnings.push({
          code: 'QUOTE_TREATED_EQUAL',
          message: `${t.token}: ${s.file} is quoted in ${s.quote}, used as ${s.usedAs}; the two were treated as equal${where}`,
          token: t.token,
        })
    const { gaps, jumps } = t
    if (gaps.count > 0)
      warnings.push({
        code: 'PRICE_FORWARD_FILLED',
        message: `${t.token}: ${gaps.steps} grid point${gaps.steps === 1 ? '' : 's'} in ${gaps.count} gap${gaps.count === 1 ? '' : 's'} took a price carried forward; the longest gap is ${span(gaps.longest!.seconds)} (${gaps.longest!.series} from ${isoTime(gaps.longest!.from)} to ${isoTime(gaps.longest!.to)})${where}`,
        token: t.token,
      })
    for (const jump of jumps.list)
      warnings.push({
        code: 'PRICE_JUMP',
        message: `${describeJump(jump, jumps.typicalMove)}${where}`,
        ...(notes.role === 'path' ? { step: jump.step } : {}),
        time: jump.time,
        token: t.token,
      })
    if (jumps.unlisted > 0)
      warnings.push({
        code: 'PRICE_JUMP',
        message: `${t.token}: ${jumps.unlisted} more, smaller jumps not listed (${jumps.count} above ${fmt(jumps.threshold)} in |log return|)${where}`,
        token: t.token,
      })
  }
  return warnings
}
