/**
 * Importers of on-chain event tables as people export them (Dune, BigQuery, an RPC script):
 * CSV text in, typed rows out. Raw integer amounts become bigint (never via number), timestamps
 * ISO or epoch seconds, tokens are matched by address (case-insensitive), headers by name
 * (case-insensitive) after the manifest's column mapping. Pure: the caller reads the files.
 */
import { parse } from 'csv-parse/sync'
import { InputError } from '../../errors.js'
import { parseTimestamp } from '../prices/csv/timestamp.js'

/** The address BPT mints come from and burns go to. */
export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/** One imported event row, before ordering. Amounts raw (wei; 1e6 per USDC). */
export interface EventRow {
  readonly table: 'swap' | 'join' | 'exit' | 'transfer' | 'balance'
  readonly block: number
  /** Log index in the block, or null when the export has none. */
  readonly logIndex: number | null
  /** Unix seconds. */
  readonly timestamp: number
  /** Transaction hash (lower case), or null when the export has none. */
  readonly tx: string | null
  /** Where the row came from, for messages: file and 1-based line. */
  readonly file: string
  readonly line: number
  /** Swaps: token indices and raw amounts. */
  readonly tokenIn?: number
  readonly tokenOut?: number
  readonly amountInRaw?: bigint
  readonly amountOutRaw?: bigint
  /** Joins, exits and balance changes: signed raw change per token, positive into the pool, protocol fees not removed. */
  readonly deltasRaw?: readonly bigint[]
  /** Balance changes: raw protocol fee per token, taken out of the pool. */
  readonly protocolFeesRaw?: readonly bigint[]
  /** BPT transfers: raw BPT minted (positive) or burned (negative); 0n for a plain transfer. */
  readonly supplyChangeRaw?: bigint
}

/** A snapshot of the pool read at a block: raw balances and BPT supply (null when empty). */
export interface SnapshotRow {
  readonly block: number
  readonly file: string
  readonly line: number
  readonly balancesRaw: readonly bigint[]
  readonly supplyRaw: bigint | null
  /** A failed read: every balance zero, or the supply column present but empty. */
  readonly isFailedRead: boolean
}

/** What an importer needs to know of the pool and the file. */
export interface TableOptions {
  readonly file: string
  readonly format: 'v1-bigquery' | 'v2-vault'
  readonly table: EventRow['table']
  /** Token addresses by index. */
  readonly addresses: readonly string[]
  /** Canonical column → header in this file. */
  readonly columns?: Readonly<Record<string, string>>
}

/** Column names each table needs, and the optional ones, before the mapping. */
const COLUMNS = {
  'v1-bigquery': {
    block: 'block_number',
    timestamp: 'block_timestamp',
    logIndex: 'log_index',
    tx: 'transaction_hash',
  },
  'v2-vault': {
    block: 'blocknumber',
    timestamp: 'timestamp',
    logIndex: 'logindex',
    tx: 'transactionhash',
  },
} as const

/** A parsed table: the header's column indices by lower-case name, and the records. */
interface Table {
  readonly header: readonly string[]
  readonly records: readonly string[][]
}

function readTable(text: string, file: string): Table {
  let records: string[][]
  try {
    const parsed: string[][] = parse(text.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    })
    records = parsed
  } catch (error) {
    throw new InputError('BAD_ROW', { file }, `not a CSV table: ${(error as Error).message}`)
  }
  if (records.length === 0) throw new InputError('FILE_EMPTY', { file }, 'no header and no rows')
  return { header: records[0]!.map((h) => h.toLowerCase()), records: records.slice(1) }
}

/** Finds a column by its canonical name (through the mapping); -1 when absent. */
function columnIndex(
  table: Table,
  name: string,
  mapping: Readonly<Record<string, string>> | undefined,
): number {
  const header = (mapping?.[name] ?? name).toLowerCase()
  return table.header.indexOf(header)
}

function requireColumn(
  table: Table,
  name: string,
  options: { file: string; columns?: Readonly<Record<string, string>> },
): number {
  const index = columnIndex(table, name, options.columns)
  if (index < 0) {
    const mapped = options.columns?.[name]
    throw new InputError(
      'MISSING_COLUMN',
      { file: options.file, line: 1 },
      `expected a column "${mapped ?? name}"${mapped ? ` (mapped from "${name}")` : ''}, found ${table.header.map((h) => `"${h}"`).join(', ')}; map it with "columns": { "${name}": "<header>" } in the manifest`,
    )
  }
  return index
}

/** Reads cells of one record, naming file, line and column in every error. */
class Cells {
  constructor(
    private readonly record: readonly string[],
    private readonly header: readonly string[],
    private readonly file: string,
    readonly line: number,
  ) {}
  private fail(index: number, expected: string, found: string): never {
    throw new InputError(
      'BAD_ROW',
      { file: this.file, line: this.line, column: this.header[index] ?? index + 1 },
      `expected ${expected}, found ${found === '' ? 'an empty cell' : JSON.stringify(found)}`,
    )
  }
  text(index: number): string {
    return this.record[index] ?? ''
  }
  integer(index: number): number {
    const cell = this.text(index)
    if (!/^\d+$/.test(cell)) this.fail(index, 'a non-negative integer', cell)
    return Number(cell)
  }
  raw(index: number, signed = false): bigint {
    const cell = this.text(index)
    // a raw on-chain amount is an integer string; "1e18" or "1.5" would lose or invent wei
    if (!(signed ? /^-?\d+$/ : /^\d+$/).test(cell))
      this.fail(index, `a${signed ? ' signed' : ' non-negative'} integer amount in raw units`, cell)
    return BigInt(cell)
  }
  timestamp(index: number): number {
    const cell = this.text(index)
    const time = parseTimestamp(cell)
    if (Number.isNaN(time))
      this.fail(index, 'an ISO date-time (2020-12-07T13:40:06Z) or Unix seconds', cell)
    return time
  }
  token(index: number, addresses: readonly string[]): number {
    const cell = this.text(index).toLowerCase()
    const token = addresses.findIndex((a) => a.toLowerCase() === cell)
    if (token < 0)
      throw new InputError(
        'UNKNOWN_TOKEN',
        { file: this.file, line: this.line, column: this.header[index] ?? index + 1 },
        `expected one of the manifest's token addresses (${addresses.join(', ')}), found ${JSON.stringify(this.text(index))}`,
      )
    return token
  }
}

/**
 * Parses one exported event table into rows in file order.
 * @param text - the CSV text (header line first)
 * @param options - file name for messages, format and table, the pool's token addresses, mapping
 * @returns the rows, amounts raw
 * @throws {InputError} `FILE_EMPTY`, `MISSING_COLUMN` (naming the mapping that fixes it),
 *   `BAD_ROW` (file:line:column, expected, found), `UNKNOWN_TOKEN`
 * @example parseEventTable(text, { file: 'swaps.csv', format: 'v2-vault', table: 'swap', addresses })
 */
export function parseEventTable(text: string, options: TableOptions): EventRow[] {
  const table = readTable(text, options.file)
  const names = COLUMNS[options.format]
  const need = (name: string) => requireColumn(table, name, options)
  const block = need(names.block)
  const timestamp = need(names.timestamp)
  const logIndex = columnIndex(table, names.logIndex, options.columns)
  const tx = columnIndex(table, names.tx, options.columns)
  const n = options.addresses.length
  const v1 = options.format === 'v1-bigquery'
  const t = options.table
  const col = {
    tokenIn: t === 'swap' || t === 'join' ? need(v1 ? 'tokenIn' : 'tokenin') : -1,
    tokenOut: t === 'swap' || t === 'exit' ? need(v1 ? 'tokenOut' : 'tokenout') : -1,
    amountIn: t === 'swap' || t === 'join' ? need(v1 ? 'tokenAmountIn' : 'amountin') : -1,
    amountOut: t === 'swap' || t === 'exit' ? need(v1 ? 'tokenAmountOut' : 'amountout') : -1,
    src: t === 'transfer' ? need('src') : -1,
    dst: t === 'transfer' ? need('dst') : -1,
    amt: t === 'transfer' ? need('amt') : -1,
    tokens: t === 'balance' ? Array.from({ length: n }, (_, k) => need(`token${k + 1}`)) : [],
    deltas: t === 'balance' ? Array.from({ length: n }, (_, k) => need(`token${k + 1}delta`)) : [],
    fees:
      t === 'balance' ? Array.from({ length: n }, (_, k) => need(`protocolfeetoken${k + 1}`)) : [],
  }
  return table.records.map((record, r) => {
    const cells = new Cells(record, table.header, options.file, r + 2)
    const base = {
      table: t,
      block: cells.integer(block),
      logIndex: logIndex >= 0 && cells.text(logIndex) !== '' ? cells.integer(logIndex) : null,
      timestamp: cells.timestamp(timestamp),
      tx: tx >= 0 && cells.text(tx) !== '' ? cells.text(tx).toLowerCase() : null,
      file: options.file,
      line: cells.line,
    }
    switch (t) {
      case 'swap':
        return {
          ...base,
          tokenIn: cells.token(col.tokenIn, options.addresses),
          tokenOut: cells.token(col.tokenOut, options.addresses),
          amountInRaw: cells.raw(col.amountIn),
          amountOutRaw: cells.raw(col.amountOut),
        }
      case 'join':
      case 'exit': {
        const token = cells.token(t === 'join' ? col.tokenIn : col.tokenOut, options.addresses)
        const amount = cells.raw(t === 'join' ? col.amountIn : col.amountOut)
        const deltasRaw = Array.from({ length: n }, (_, k) =>
          k === token ? (t === 'join' ? amount : -amount) : 0n,
        )
        return { ...base, deltasRaw }
      }
      case 'transfer': {
        const src = cells.text(col.src).toLowerCase()
        const dst = cells.text(col.dst).toLowerCase()
        const amount = cells.raw(col.amt)
        const supplyChangeRaw = src === ZERO_ADDRESS ? amount : dst === ZERO_ADDRESS ? -amount : 0n
        return { ...base, supplyChangeRaw }
      }
      case 'balance': {
        // PoolBalanceChanged lists the pool's tokens in the Vault's order; map each to ours
        const deltasRaw = new Array<bigint>(n).fill(0n)
        const protocolFeesRaw = new Array<bigint>(n).fill(0n)
        col.tokens.forEach((c, k) => {
          const token = cells.token(c, options.addresses)
          deltasRaw[token] = cells.raw(col.deltas[k]!, true)
          protocolFeesRaw[token] = cells.raw(col.fees[k]!)
        })
        return { ...base, deltasRaw, protocolFeesRaw }
      }
    }
  })
}

/**
 * Parses a snapshot table: `blocknumber`, `token1Balance` … (manifest token order, or matched
 * through `token1Address` … when present), optional `bptBalance`; amounts raw.
 * @param text - the CSV text
 * @param options - file name, the pool's token addresses, column mapping
 * @returns the snapshots in file order; a failed read keeps its zeros and a null supply
 * @throws {InputError} `FILE_EMPTY`, `MISSING_COLUMN`, `BAD_ROW`, `UNKNOWN_TOKEN`
 * @example parseSnapshotTable(text, { file: 'poolBalance.csv', addresses, columns: { token1Balance: 'toke1Balance' } })
 */
export function parseSnapshotTable(
  text: string,
  options: {
    readonly file: string
    readonly addresses: readonly string[]
    readonly columns?: Readonly<Record<string, string>>
  },
): SnapshotRow[] {
  const table = readTable(text, options.file)
  const n = options.addresses.length
  const block = requireColumn(table, 'blocknumber', options)
  const balances = Array.from({ length: n }, (_, k) =>
    requireColumn(table, `token${k + 1}Balance`, options),
  )
  const addresses = Array.from({ length: n }, (_, k) =>
    columnIndex(table, `token${k + 1}Address`, options.columns),
  )
  const supply = columnIndex(table, 'bptBalance', options.columns)
  return table.records.map((record, r) => {
    const cells = new Cells(record, table.header, options.file, r + 2)
    const balancesRaw = new Array<bigint>(n).fill(0n)
    balances.forEach((c, k) => {
      const token = addresses[k]! >= 0 ? cells.token(addresses[k]!, options.addresses) : k
      balancesRaw[token] = cells.text(c) === '' ? 0n : cells.raw(c)
    })
    const supplyRaw = supply >= 0 && cells.text(supply) !== '' ? cells.raw(supply) : null
    const isFailedRead =
      balancesRaw.every((b) => b === 0n) || (supply >= 0 && (supplyRaw ?? 0n) === 0n)
    return {
      block: cells.integer(block),
      file: options.file,
      line: r + 2,
      balancesRaw,
      supplyRaw,
      isFailedRead,
    }
  })
}
