/** `amm-sim import`: a price file read, normalised to a grid and described; optionally written. */
import { InvalidArgumentError, Option } from 'commander'
import type { Command } from 'commander'
import {
  InputError,
  PRICE_FORMATS,
  csvCell,
  describePriceNotes,
  formatDuration,
  formatLocation,
  importPriceFile,
  maxGapToFill,
  parseTimestamp,
  priceWarnings,
  writePricePathCsv,
} from '../index.js'
import type { ImportOptions, ImportedPrices, InputErrorCode, PricePathNotes } from '../index.js'
import {
  EXIT_CODES_HELP,
  EXIT_OK,
  SKIPPED_SHOWN,
  isoSeconds,
  parseSeconds,
  parseUtcOffset,
} from './shared.js'
import type { Guard } from './shared.js'

interface ImportFlags {
  format: string
  numeraire?: string
  price: string
  step?: number
  maxGap?: number
  out?: string
  lenient?: boolean
  duplicates?: string
  sort?: boolean
  utcOffset?: number
  start?: number
  end?: number
  symbol?: string
  dateFormat?: string
  gridOrigin?: string
  debug?: boolean
}

/** `--start`/`--end`: an ISO date (00:00 UTC), an ISO date-time (UTC unless zoned) or Unix seconds. */
function parseTime(value: string): number {
  const time = parseTimestamp(value)
  if (Number.isNaN(time))
    throw new InvalidArgumentError(
      `expected an ISO date or date-time (2021-01-31, 2021-01-31T12:00Z) or Unix seconds, found "${value}"`,
    )
  return time
}

/** `--symbol`: `ETH` or a pair `ETH/USD`. */
function parseSymbol(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(value))
    throw new InvalidArgumentError(
      `expected a symbol such as ETH or a pair such as ETH/USD, found "${value}"`,
    )
  return value
}

/** The date formats of a hint as `--date-format` choices, labelled by order when there are two. */
function dateFormatChoices(formats: readonly string[]): string {
  const label = (f: string): string =>
    formats.length < 2 ? '' : f.startsWith('MM') ? ' (month first)' : ' (day first)'
  return formats.map((f) => `--date-format "${f}"${label(f)}`).join(' or ')
}

/** The flag wording of a library hint (`values.fix`), or undefined for an error no flag fixes. */
function flagHint(fix: unknown, formats: readonly string[]): string | undefined {
  switch (fix) {
    case 'sort':
      return 'pass --sort to sort the rows by time'
    case 'duplicates':
      return 'pass --duplicates first or --duplicates last to keep one row per time'
    case 'symbol':
      return 'pass --symbol with the asset the file prices (ETH, or a pair such as ETH/USD)'
    case 'dateFormat':
      return formats.length === 0
        ? 'pass --date-format with the layout of the time cells, such as "DD.MM.YYYY HH:mm"'
        : `pass ${dateFormatChoices(formats)}`
    default:
      return undefined
  }
}

/**
 * An importer error whose message ends with the option that fixes it in the library's key name
 * (`set "sort": true …`), re-worded with this command's flag (`pass --sort …`).
 */
function withFlagHint(error: unknown): unknown {
  if (!(error instanceof InputError)) return error
  const { path } = error.where
  if (error.where.file === undefined && (path === 'start' || path === 'end'))
    // the aligner names its option; here the flag is the option
    return new InputError(
      error.code as InputErrorCode,
      { path: `--${path}` },
      error.message.slice(formatLocation(error.where).length + 2),
      { ...error.values },
    )
  const { fix, hint, formats } = error.values
  const flag = flagHint(fix, Array.isArray(formats) ? (formats as string[]) : [])
  if (flag === undefined || typeof hint !== 'string' || !error.message.endsWith(hint)) return error
  // an empty location keeps the rest of the message exactly as the importer wrote it
  return new InputError(
    // an InputError's code is an InputErrorCode: its constructor narrowed it
    error.code as InputErrorCode,
    {},
    `${error.message.slice(0, -hint.length)}${flag}`,
    { ...error.values, hint: flag },
  )
}

/**
 * The rows an import left out, first {@link SKIPPED_SHOWN} by line, then a count of the rest.
 * Rows without a price are left out whatever the options (an exchange's "no trade then"), so the
 * heading says so when there are any.
 */
function skippedLines(skipped: ImportedPrices['skipped']): string[] {
  if (skipped.length === 0) return []
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  const noPrice = skipped.filter((row) => row.code === 'NO_PRICE').length
  const repeated = skipped.filter((row) => row.code === 'DUPLICATE_TIMESTAMP').length
  const bad = skipped.length - noPrice - repeated
  const kinds = [
    noPrice > 0 ? `${count(noPrice, 'row')} without a price, skipped even without --lenient` : '',
    repeated > 0 ? count(repeated, 'repeated timestamp') : '',
    bad > 0 ? `${count(bad, 'bad row')} (--lenient)` : '',
  ].filter((kind) => kind !== '')
  const files = new Set(skipped.map((row) => row.file))
  const lines = [`skipped: ${count(skipped.length, 'row')}: ${kinds.join('; ')}`]
  for (const row of skipped.slice(0, SKIPPED_SHOWN)) {
    // one file: its name is on the file line above; several: name each row's file
    const where = `${files.size > 1 ? `${row.file}:` : 'line '}${row.line}${row.column !== undefined ? `:${row.column}` : ''}`
    lines.push(`  ${where}: ${row.code}: ${row.reason}`)
  }
  if (skipped.length > SKIPPED_SHOWN) lines.push(`  ... and ${skipped.length - SKIPPED_SHOWN} more`)
  return lines
}

/**
 * What alignment did that the reader must know: a `data:` line per token whose series were
 * re-timed, crossed, inverted or taken as equal, or that has gaps or jumps, then every warning.
 */
function dataLines(notes: PricePathNotes | undefined, numeraire: string): string[] {
  if (notes === undefined) return []
  const { tokens } = describePriceNotes(notes, numeraire)
  const lines: string[] = []
  notes.tokens.forEach((t, k) => {
    const isPlain =
      (t.route === 'direct' || t.route === 'numeraire') &&
      t.series.every((s) => s.retimedBy === 0 && !s.isTreatedEqual) &&
      t.gaps.count === 0 &&
      t.jumps.count === 0
    if (!isPlain) lines.push(`data:    ${tokens[k]!.text}`)
  })
  for (const w of priceWarnings(notes)) lines.push(`warning: ${w.code}: ${w.message}`)
  return lines
}

/**
 * An import's `GAP_TOO_LONG` with the flag that fills it: `--max-gap` set to the library's
 * {@link maxGapToFill} (the oldest a carried price gets on the grid, never a step more).
 */
function withMaxGapHint(error: unknown): unknown {
  if (!(error instanceof InputError) || error.code !== 'GAP_TOO_LONG') return error
  const needed = maxGapToFill(error)
  const hint =
    needed === undefined
      ? 'pass --max-gap with a longer duration to forward-fill it'
      : `pass --max-gap ${formatDuration(needed)} (or longer) to forward-fill it`
  // an empty location keeps the message exactly as the importer wrote it
  return new InputError('GAP_TOO_LONG', {}, `${error.message}; ${hint}`, { ...error.values })
}

/** `amm-sim import`'s flags as the library's options; the file is relative to the working directory. */
function importFile(file: string, flags: ImportFlags): Promise<ImportedPrices> {
  return importPriceFile(file, {
    baseDir: process.cwd(),
    format: flags.format as ImportOptions['format'],
    price: flags.price as ImportOptions['price'],
    ...(flags.numeraire !== undefined ? { numeraire: flags.numeraire } : {}),
    ...(flags.step !== undefined ? { step: flags.step } : {}),
    ...(flags.maxGap !== undefined ? { maxGap: flags.maxGap } : {}),
    ...(flags.lenient !== undefined ? { lenient: flags.lenient } : {}),
    ...(flags.duplicates !== undefined
      ? { duplicates: flags.duplicates as ImportOptions['duplicates'] }
      : {}),
    ...(flags.sort !== undefined ? { sort: flags.sort } : {}),
    ...(flags.utcOffset !== undefined ? { utcOffset: flags.utcOffset } : {}),
    ...(flags.start !== undefined ? { start: flags.start } : {}),
    ...(flags.end !== undefined ? { end: flags.end } : {}),
    ...(flags.symbol !== undefined ? { symbol: flags.symbol } : {}),
    ...(flags.dateFormat !== undefined ? { dateFormat: flags.dateFormat } : {}),
    ...(flags.gridOrigin !== undefined
      ? { gridOrigin: flags.gridOrigin as ImportOptions['gridOrigin'] }
      : {}),
  })
}

export async function importCommand(file: string, flags: ImportFlags): Promise<number> {
  let imported: ImportedPrices
  try {
    imported = await importFile(file, flags)
  } catch (error) {
    throw withFlagHint(withMaxGapHint(error))
  }
  const { path: prices, description: d, skipped } = imported
  const days = (seconds: number) =>
    seconds >= 86_400
      ? `${+(seconds / 86_400).toFixed(2)} d`
      : seconds >= 3_600
        ? `${+(seconds / 3_600).toFixed(2)} h`
        : `${seconds} s`
  const lines = [
    ...d.files.map((f) => `file:    ${f.file} (${f.format}, ${f.rows} rows, ${f.skipped} skipped)`),
    `assets:  ${d.tokens.join(', ')} (in ${d.numeraire})`,
    `range:   ${d.firstDate} to ${d.lastDate} (${d.steps} point${d.steps === 1 ? '' : 's'})`,
    `step:    ${days(d.medianStep)} (median)`,
    d.largestGap
      ? `gaps:    ${d.gapCount} above 1.5x the median step; largest ${days(d.largestGap.seconds)} in ${d.largestGap.symbol} from ${isoSeconds(d.largestGap.start)} to ${isoSeconds(d.largestGap.end)} (forward-filled)`
      : 'gaps:    none',
    ...skippedLines(skipped),
    ...dataLines(prices.notes, prices.numeraire),
  ]
  if (flags.out !== undefined) {
    await writePricePathCsv(prices, flags.out)
    lines.push(
      `written: ${flags.out} (wide CSV: ${['time', ...prices.tokens].map(csvCell).join(',')})`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  return EXIT_OK
}

/** Adds `amm-sim import` to `program`. */
export function registerImport(program: Command, guard: Guard): void {
  program
    .command('import')
    .description(
      'read a price file, normalise it to a regular grid, print assets, range, step and gaps',
    )
    .argument(
      '<file>',
      'price file (Binance klines, CoinGecko, Yahoo, CoinMarketCap, wide or long CSV)',
    )
    .addOption(
      new Option('-f, --format <fmt>', 'file format').choices(PRICE_FORMATS).default('auto'),
    )
    .option(
      '-n, --numeraire <symbol>',
      'unit of the prices (default: the quote the file names, else USD)',
    )
    .addOption(
      new Option('--price <field>', 'bar price to take')
        .choices(['close', 'open', 'typical'])
        .default('close'),
    )
    .option(
      '--step <duration>',
      "grid step such as 1h or 1d (default: the file's median step)",
      parseSeconds,
    )
    .option(
      '--max-gap <duration>',
      'longest gap to forward-fill (default: one grid step, as in scenarios; longer is an error)',
      parseSeconds,
    )
    .option('-o, --out <file.csv>', 'write the normalised wide CSV (time,TOKEN…)')
    .option('--lenient', 'skip bad rows instead of stopping at the first (they are listed)')
    .addOption(
      new Option(
        '--duplicates <policy>',
        'repeated timestamps: an error, or keep the first or last row',
      )
        .choices(['error', 'first', 'last'])
        .default('error'),
    )
    .option('--sort', 'sort rows by time first (files made of several runs or blocks)')
    .addOption(
      new Option(
        '--grid-origin <origin>',
        "grid anchor: the file's first time, or multiples of the step since 1970",
      )
        .choices(['start', 'epoch'])
        .default('start'),
    )
    .option(
      '--utc-offset <hours>',
      'hours east of UTC the time labels are written in (3 for UTC+3; default 0, labels are UTC)',
      parseUtcOffset,
    )
    .option(
      '--date-format <layout>',
      'layout of the time cells when not ISO or epoch, e.g. "MM/DD/YYYY HH:mm", "DD.MM.YYYY"',
    )
    .option(
      '--symbol <symbol>',
      'asset of a single-asset file (ETH, or a pair ETH/USD) when its name gives none',
      parseSymbol,
    )
    .option(
      '--start <time>',
      'first grid time: ISO date or date-time (UTC unless zoned), or Unix seconds',
      parseTime,
    )
    .option('--end <time>', 'last grid time, as --start', parseTime)
    .option('--debug', 'print stack traces on errors')
    .addHelpText(
      'after',
      `
Examples:
  amm-sim import ETHUSDT.csv --format binance
  amm-sim import eth-usd-max.csv --format coingecko --numeraire USD --out eth.csv
  amm-sim import prices.csv --format wide --step 1d
  amm-sim import prices.csv --step 1d --max-gap 3d
  amm-sim import export.csv --lenient --duplicates last --sort --utc-offset -5
  amm-sim import coin_Aave.csv --date-format "MM/DD/YYYY HH:mm" --start 2021-01-01 --end 2021-06-30
  amm-sim import kaushal.csv --symbol USDC/USD

Rows without a price are always skipped (not an error); --lenient skips bad rows too.
A missing price is carried forward one grid step, as in scenarios; a longer gap is an
error naming it, unless --max-gap allows it.
Skipped rows are listed with line and reason, the first ${SKIPPED_SHOWN} of them.
${EXIT_CODES_HELP}`,
    )
    .action(guard((file: string, flags: ImportFlags) => importCommand(file, flags)))
}
