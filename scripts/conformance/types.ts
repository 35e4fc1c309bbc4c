/**
 * The plug-in interface of `scripts/conformance.ts`. Each protocol version ships one module in
 * this folder (`v3.ts`, `v2.ts`, `v2-2021.ts`) exporting `adapters: ConformanceAdapter[]`; the
 * runner imports every module here except this one and picks the adapter whose `semantics`
 * matches a vector file's `semantics` field.
 */

/** One vector operation as stored: `op`, its inputs (decimal strings, numbers) and `expected`. */
export interface ConformanceOp {
  readonly op: string
  readonly expected: Readonly<Record<string, unknown>>
  readonly [input: string]: unknown
}

/** One case: a pool state and independent operations on it. */
export interface ConformanceCase {
  readonly id: string
  readonly tags?: readonly string[]
  readonly pool: Readonly<Record<string, unknown>>
  readonly invariant?: Readonly<Record<string, string>>
  readonly expectedWeights?: readonly string[]
  readonly ops: readonly ConformanceOp[]
}

/**
 * What an adapter answers for an op: on success the expected-shape fields with decimal strings
 * (`{ amountOutRaw: '123' }`, `{ amountsOutRaw: ['1', '2'] }`); on a revert `{ error: NAME }`
 * with the protocol's name (`MaxInRatio`, `MAX_IN_RATIO`) and, for V2, `code: 'BAL#304'`.
 */
export type ConformanceResult = Readonly<Record<string, string | readonly string[]>>

/** Runs the ops of one protocol version. */
export interface ConformanceAdapter {
  /** The `semantics` value of the files it runs (`balancer-v3`, `balancer-v3-lbp`, ...). */
  readonly semantics: string
  /** Result of `op` on the case's pool. Must not throw for a protocol revert: return `{ error }`. */
  run(testCase: ConformanceCase, op: ConformanceOp): ConformanceResult
  /**
   * Optional per-case checks beyond the ops (invariant, interpolated weights): each returns
   * `[name, expected, got]` triples, compared as strings.
   */
  checkCase?(testCase: ConformanceCase): readonly (readonly [string, string, string])[]
}
