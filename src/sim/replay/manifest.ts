/**
 * The replay manifest: a small JSON file naming a real pool's creation state and the on-chain
 * event tables to replay (see docs/replay.md). Validated with zod; every problem becomes an
 * {@link InputError} with the file and the JSON path.
 */
import { z } from 'zod'
import { InputError, fmt } from '../../errors.js'
import { describeFound, formatJsonPath, valueAt } from '../scenario/validate.js'

/** The exact V2 maths of `src/pool/exact/` a V2 manifest may name. */
export const V2_GENERATIONS = ['exact-v2-2021', 'exact-v2'] as const
/** Event-table formats the importers read. */
export const EVENT_FORMATS = ['v1-bigquery', 'v2-vault'] as const
/** Tables of each format: V1 `LOG_SWAP`/`LOG_JOIN`/`LOG_EXIT`/BPT `Transfer`; V2 `Swap`/`PoolBalanceChanged`. */
export const EVENT_TABLES = {
  'v1-bigquery': ['swap', 'join', 'exit', 'transfer'],
  'v2-vault': ['swap', 'balance'],
} as const
/**
 * Default largest relative difference between a recomputed and a recorded V1 swap output:
 * BPool's `bpow` approximates the power by a series to `BPOW_PRECISION` = 1e-10 per call on
 * fixed-point operands; on the real WETH/DAI pool the worst swap differs by 1.3e-7. 1e-6 leaves
 * a margin of ~8x above that and is still far below any event error (a missing swap shifts the
 * next outputs by at least its fee share, ~1e-4 of a small trade).
 */
export const V1_DEFAULT_TOLERANCE = 1e-6

const decimalString = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string')
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte hex address')
const columns = z.record(z.string(), z.string().min(1)).optional()

const tokenSchema = z.strictObject({
  symbol: z.string().min(1),
  address,
  decimals: z.number().int().min(0).max(18),
  /** Normalised (0.8) or denormalised (40) weight; the replay normalises them. */
  weight: z.number().positive(),
})

const eventFileSchema = z.strictObject({
  file: z.string().min(1),
  format: z.enum(EVENT_FORMATS),
  table: z.enum(['swap', 'join', 'exit', 'transfer', 'balance']),
  /** Canonical column name → the header used by this file, for exports that misname columns. */
  columns,
})

const creationSchema = z.strictObject({
  /** Rows at or before this block are already in the creation state and are skipped. */
  block: z.number().int().nonnegative().optional(),
  /** Balances in token units as decimal strings, by token. */
  balances: z.array(decimalString).min(2),
  /** BPT supply in BPT units as a decimal string. */
  totalSupply: decimalString.optional(),
})

/** The zod schema of a replay manifest. */
export const replayManifestSchema = z
  .strictObject({
    /** The JSON Schema an editor checks the file against (schema/replay-manifest.schema.json). */
    $schema: z.string().optional(),
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a name usable as a folder name'),
    description: z.string().optional(),
    protocol: z.enum(['v1', 'v2']),
    generation: z.enum(V2_GENERATIONS).optional(),
    tokens: z.array(tokenSchema).min(2).max(8),
    /** Swap fee, fraction (0.0025 = 0.25 %). */
    swapFee: z.number().positive().max(0.1),
    /** Creation state, or "from-zero" when the first event funds the pool. */
    initial: z.union([z.literal('from-zero'), creationSchema]),
    events: z.array(eventFileSchema).min(1),
    snapshots: z.strictObject({ file: z.string().min(1), columns }).optional(),
    /** V1 only: largest relative difference of a swap output that still matches. */
    tolerance: z.number().positive().max(0.01).optional(),
    /** Most events of one block whose orders are all tried when the export has no log index. */
    maxOrderEvents: z.number().int().min(1).max(8).optional(),
  })
  .meta({
    title: 'amm-sim replay manifest',
    description: "A real pool's creation state and on-chain event tables (docs/replay.md)",
  })

/** A validated replay manifest (see docs/replay.md). */
export type ReplayManifest = z.infer<typeof replayManifestSchema>

/**
 * The JSON Schema of a replay manifest, as written to schema/replay-manifest.schema.json by
 * `npm run schema`.
 * @returns JSON text (draft 2020-12), two-space indented, ending in a newline
 * @example JSON.parse(replayManifestJsonSchemaText()).title // 'amm-sim replay manifest'
 */
export function replayManifestJsonSchemaText(): string {
  const schema = z.toJSONSchema(replayManifestSchema, { io: 'input', target: 'draft-2020-12' })
  return `${JSON.stringify(schema, null, 2)}\n`
}

function issueDetail(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return found === undefined
        ? `required: expected ${issue.expected}, found nothing`
        : `expected ${issue.expected}, found ${describeFound(found)}`
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describeFound(found)}`
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`
    case 'invalid_format':
      return `expected ${issue.message}, found ${describeFound(found)}`
    case 'invalid_union':
      return `expected "from-zero" or an object with balances, found ${describeFound(found)}`
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${fmt(Number(issue.minimum))} items, found ${describeFound(found)}`
        : `${describeFound(found)} is below the minimum ${fmt(Number(issue.minimum))}${issue.inclusive ? '' : ' (exclusive)'}`
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${fmt(Number(issue.maximum))} items, found ${describeFound(found)}`
        : `${describeFound(found)} is above the maximum ${fmt(Number(issue.maximum))}`
    default:
      return `${issue.message}, found ${describeFound(found)}`
  }
}

/**
 * Parses and validates the text of a replay manifest, then the rules that tie fields together.
 * @param text - the manifest's JSON
 * @param file - the name to print in errors
 * @returns the validated manifest
 * @throws {InputError} `JSON_SYNTAX`; `MANIFEST_INVALID` naming the JSON path, expected and found
 * @example validateReplayManifest(text, 'examples/replay/v2-d2d-usdc.json')
 */
export function validateReplayManifest(text: string, file: string): ReplayManifest {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new InputError('JSON_SYNTAX', { file }, `not JSON: ${(error as Error).message}`)
  }
  const parsed = replayManifestSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const path =
      issue.code === 'unrecognized_keys' && issue.keys.length === 1
        ? [...issue.path, issue.keys[0]!]
        : issue.path
    throw new InputError(
      'MANIFEST_INVALID',
      { file, path: formatJsonPath(path) },
      issueDetail(issue, valueAt(raw, issue.path)),
    )
  }
  const m = parsed.data
  const fail = (path: string, detail: string): never => {
    throw new InputError('MANIFEST_INVALID', { file, path }, detail)
  }
  if (m.protocol === 'v2' && m.generation === undefined)
    fail('generation', `required for protocol "v2": expected "exact-v2-2021" or "exact-v2"`)
  if (m.protocol === 'v1' && m.generation !== undefined)
    fail('generation', `only for protocol "v2"; V1 pools replay with the float model`)
  const seen = new Map<string, number>()
  m.tokens.forEach((t, i) => {
    const key = t.address.toLowerCase()
    const other = seen.get(key)
    if (other !== undefined) fail(`tokens[${i}].address`, `the same address as tokens[${other}]`)
    seen.set(key, i)
  })
  if (m.initial !== 'from-zero' && m.initial.balances.length !== m.tokens.length)
    fail(
      'initial.balances',
      `expected ${m.tokens.length} balances (one per token), found ${m.initial.balances.length}`,
    )
  m.events.forEach((e, i) => {
    const tables: readonly string[] = EVENT_TABLES[e.format]
    if (!tables.includes(e.table))
      fail(
        `events[${i}].table`,
        `format "${e.format}" has tables ${tables.map((t) => `"${t}"`).join(', ')}, found "${e.table}"`,
      )
    const expected = m.protocol === 'v1' ? 'v1-bigquery' : 'v2-vault'
    if (e.format !== expected)
      fail(
        `events[${i}].format`,
        `protocol "${m.protocol}" reads "${expected}" tables, found "${e.format}"`,
      )
  })
  if (m.protocol === 'v2' && m.tolerance !== undefined)
    fail('tolerance', 'only for protocol "v1"; V2 swaps must match to the wei')
  return m
}
