/**
 * Fuzzing scenario validation: random JSON documents, random edits of the bundled scenarios and
 * random edits of a scenario's text. Whatever comes in, the result is a scenario or an
 * InputError that says where (the file, and a JSON path or line:column): never another error.
 */
import { readFileSync, readdirSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { configureScenario } from '../../../src/sim/scenario/config.js'
import { parseScenario, validateScenario } from '../../../src/sim/scenario/validate.js'
import { fcParams } from '../../arbitraries.js'
import { tempDir } from '../../tempDir.js'

const FILE = 'fuzz.json'
const BUNDLED = new URL('../../../scenarios/', import.meta.url)
/** The bundled scenarios' texts: valid starting points that reach every model and option. */
const texts = readdirSync(BUNDLED)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => readFileSync(new URL(name, BUNDLED), 'utf8'))

/** Expects an InputError naming the file and a place in it; rethrows anything else. */
function expectLocatedInputError(error: unknown): void {
  if (!(error instanceof InputError)) throw error
  expect(error.where.file).toBe(FILE)
  expect(error.where.path !== undefined || error.where.line !== undefined).toBe(true)
  expect(error.message.startsWith(FILE)).toBe(true)
}

type Json = fc.JsonValue

/** Every path to a value inside a document (objects by key, arrays by index). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (value !== null && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) out.push(...paths(v ?? null, [...prefix, key]))
  return out
}

/** Values a careless or hostile edit puts in: edges of every field's range, wrong kinds. */
const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    0,
    -1,
    1,
    0.5,
    1e-12,
    1e308,
    -1e308,
    2 ** 53,
    4294967296,
    '',
    '0s',
    '1h',
    '-1h',
    '1e9y',
    '365d',
    'ETH',
    'USD',
    'gbm',
    'csv',
    'exact-v3',
    [],
    {},
    null,
    true,
    [0.5, 0.5],
    [1, 0],
    [0.99, 0.01],
    ['ETH', 'ETH'],
    { ETH: 0 },
    { ETH: -1 },
    { ETH: 1e308 },
  ),
)

/**
 * An edit of a document at a random path: replace, delete, rename or add a key or an array item,
 * or scale a number (so that many edited scenarios stay valid and reach the price models).
 */
const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'rename', 'add', 'scale', 'scale'),
  factor: fc.constantFrom(0, -1, 0.5, 0.99, 1.01, 2, 10, 1e6, 1e-6),
  value: nasty,
  key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('swapfee', 'wieghts', 'modle')),
})

function applyEdit(doc: Json, e: typeof edit extends fc.Arbitrary<infer T> ? T : never): Json {
  const all = paths(doc)
  const path = all[e.at % all.length]!
  // a copy: fast-check hands out one instance of each constant (and reuses values while
  // shrinking), and later edits mutate what this one inserts
  const value = structuredClone(e.value)
  if (path.length === 0) return e.kind === 'replace' ? value : doc
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as never)[key], doc)
  const last = path[path.length - 1]!
  if (Array.isArray(parent)) {
    const index = last as number
    const current = parent[index]
    if (e.kind === 'scale') parent[index] = typeof current === 'number' ? current * e.factor : value
    else if (e.kind === 'delete') parent.splice(index, 1)
    else if (e.kind === 'add') parent.splice(index, 0, value)
    else parent[index] = value
  } else if (parent !== null && typeof parent === 'object') {
    const key = last as string
    const current = parent[key]
    if (e.kind === 'scale') parent[key] = typeof current === 'number' ? current * e.factor : value
    else if (e.kind === 'replace') parent[key] = value
    else if (e.kind === 'delete') Reflect.deleteProperty(parent, key)
    else if (e.kind === 'rename') {
      parent[e.key] = parent[key]!
      if (e.key !== key) Reflect.deleteProperty(parent, key)
    } else parent[e.key] = value
  }
  return doc
}

/** Validates and, when valid, configures (price models check their own parameters there). */
async function validateAndConfigure(raw: unknown, baseDir: string): Promise<void> {
  try {
    const scenario = validateScenario(raw, FILE)
    await configureScenario({ scenario, file: FILE, baseDir })
  } catch (error) {
    expectLocatedInputError(error)
  }
}

describe('scenario validation, fuzzed', () => {
  const baseDir = tempDir('amm-fuzz-') // empty: a csv scenario's files are not found, an InputError
  it('random JSON documents give a scenario or a located InputError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        try {
          validateScenario(raw, FILE)
        } catch (error) {
          expectLocatedInputError(error)
        }
      }),
      fcParams(1_000),
    )
  })
  it('random edits of the bundled scenarios: the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: texts.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        async (which, edits) => {
          let doc = JSON.parse(texts[which]!) as Json
          for (const e of edits) doc = applyEdit(doc, e)
          await validateAndConfigure(doc, baseDir)
        },
      ),
      fcParams(1_000),
    )
  })
  it('random edits of the text (bytes deleted, inserted, a BOM) give line:column or a JSON path', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('\uFEFF', '"', '{', ']', ',', '\n')),
        (which, at, cut, insert) => {
          const text = texts[which]!
          const i = at % (text.length + 1)
          try {
            parseScenario(text.slice(0, i) + insert + text.slice(i + cut), FILE)
          } catch (error) {
            expectLocatedInputError(error)
          }
        },
      ),
      fcParams(1_000),
    )
  })
})
