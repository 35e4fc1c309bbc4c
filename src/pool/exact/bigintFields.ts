/**
 * Entry checks of the exact model's plain-data inputs: fields typed `bigint` that arrive as
 * numbers (from JavaScript, JSON or an `as` cast) would otherwise fail deep inside the math with
 * JavaScript's "Cannot mix BigInt and other types", naming no field.
 */
import { InputError } from '../../errors.js'

/**
 * Checks that each named field of `input` is a bigint, or an array of bigints.
 * @param input - a pool state, options or request object
 * @param fields - names of its bigint (or bigint array) fields; an absent optional field is
 *   not listed by the caller
 * @throws {InputError} `BAD_PARAMETER` naming the first field that is not a bigint, with the
 *   bigint to write instead
 * @example checkBigintFields({ swapFee: 3e15 }, ['swapFee'])
 *   // throws "swapFee: expected a bigint, found the number 3000000000000000; write 3000000000000000n"
 */
export function checkBigintFields(input: object, fields: readonly string[]): void {
  const record = input as Record<string, unknown>
  for (const field of fields) {
    const value = record[field]
    if (Array.isArray(value)) {
      value.forEach((entry: unknown, i) => {
        checkBigint(entry, `${field}[${i}]`)
      })
    } else checkBigint(value, field)
  }
}

function checkBigint(value: unknown, path: string): void {
  if (typeof value === 'bigint') return
  let detail = `expected a bigint, found ${typeof value === 'number' ? `the number ${String(value)}` : typeof value}`
  if (typeof value === 'number' && Number.isInteger(value)) detail += `; write ${BigInt(value)}n`
  else if (typeof value === 'number' && Number.isFinite(value))
    detail += `; an 18-decimal value is written toRaw('${String(value)}', 18)`
  throw new InputError('BAD_PARAMETER', { path }, detail, { value })
}
