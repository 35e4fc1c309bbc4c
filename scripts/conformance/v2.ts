/**
 * Conformance adapter for Balancer V2 weighted pools deployed from 2022 on (`balancer-v2-2022`,
 * `v2-weighted-vectors-derived.json`), running `src/pool/exact/v2/`. Also exports the pieces the
 * 2021 adapter (`./v2-2021.ts`) shares: the pool reader and the op dispatcher.
 */
import { PoolError } from '../../src/errors.js'
import { V2_ERROR_NAMES } from '../../src/pool/exact/v2/errors.js'
import * as v2 from '../../src/pool/exact/v2/pool.js'
import type { V2PoolState } from '../../src/pool/exact/v2/types.js'
import type {
  ConformanceAdapter,
  ConformanceCase,
  ConformanceOp,
  ConformanceResult,
} from './types.js'

const big = (value: unknown): bigint => BigInt(value as string)
const bigs = (value: unknown): bigint[] => (value as string[]).map((v) => BigInt(v))
const str = (value: bigint): string => value.toString()

/** The V2 pool state of a vector case (`pool` of the V2 files). */
export function v2PoolOf(testCase: ConformanceCase): V2PoolState {
  const p = testCase.pool
  return {
    balancesRaw: bigs(p.balancesRaw),
    scalingFactors: bigs(p.scalingFactors),
    weights: bigs(p.weights),
    swapFee: big(p.swapFee),
    totalSupply: big(p.totalSupply),
  }
}

/** The operations of one V2 generation (the 2021 one has no proportional join). */
export interface V2Operations {
  computeInvariant(pool: V2PoolState): bigint
  outGivenIn(pool: V2PoolState, tokenIn: number, tokenOut: number, amountInRaw: bigint): bigint
  inGivenOut(pool: V2PoolState, tokenIn: number, tokenOut: number, amountOutRaw: bigint): bigint
  joinExactTokensInForBptOut(pool: V2PoolState, amountsInRaw: readonly bigint[]): bigint
  joinTokenInForExactBptOut(pool: V2PoolState, tokenIndex: number, bptOutRaw: bigint): bigint
  joinAllTokensInForExactBptOut?(pool: V2PoolState, bptOutRaw: bigint): bigint[]
  exitExactBptInForTokensOut(pool: V2PoolState, bptInRaw: bigint): bigint[]
  exitExactBptInForOneTokenOut(pool: V2PoolState, tokenIndex: number, bptInRaw: bigint): bigint
  exitBptInForExactTokensOut(pool: V2PoolState, amountsOutRaw: readonly bigint[]): bigint
}

/** Runs one vector op through `ops`; a revert becomes `{ error: NAME, code: 'BAL#nnn' }`. */
export function runV2Op(
  ops: V2Operations,
  pool: V2PoolState,
  op: ConformanceOp,
): ConformanceResult {
  try {
    switch (op.op) {
      case 'swap':
        return op.kind === 'EXACT_IN'
          ? {
              amountOutRaw: str(
                ops.outGivenIn(
                  pool,
                  op.tokenIn as number,
                  op.tokenOut as number,
                  big(op.amountRaw),
                ),
              ),
            }
          : {
              amountInRaw: str(
                ops.inGivenOut(
                  pool,
                  op.tokenIn as number,
                  op.tokenOut as number,
                  big(op.amountRaw),
                ),
              ),
            }
      case 'joinExactTokensInForBptOut':
        return { bptOutRaw: str(ops.joinExactTokensInForBptOut(pool, bigs(op.amountsInRaw))) }
      case 'joinTokenInForExactBptOut':
        return {
          amountInRaw: str(
            ops.joinTokenInForExactBptOut(pool, op.tokenIndex as number, big(op.bptOutRaw)),
          ),
        }
      case 'joinAllTokensInForExactBptOut':
        if (ops.joinAllTokensInForExactBptOut === undefined)
          throw new Error('joinAllTokensInForExactBptOut: not a join kind of this generation')
        return {
          amountsInRaw: ops.joinAllTokensInForExactBptOut(pool, big(op.bptOutRaw)).map(str),
        }
      case 'exitExactBptInForTokensOut':
        return { amountsOutRaw: ops.exitExactBptInForTokensOut(pool, big(op.bptInRaw)).map(str) }
      case 'exitExactBptInForOneTokenOut':
        return {
          amountOutRaw: str(
            ops.exitExactBptInForOneTokenOut(pool, op.tokenIndex as number, big(op.bptInRaw)),
          ),
        }
      case 'exitBptInForExactTokensOut':
        return { bptInRaw: str(ops.exitBptInForExactTokensOut(pool, bigs(op.amountsOutRaw))) }
      default:
        throw new Error(`unknown V2 op ${op.op}`)
    }
  } catch (error) {
    if (error instanceof PoolError && error.protocolError !== undefined)
      return {
        error: V2_ERROR_NAMES[error.protocolError] ?? error.protocolError,
        code: error.protocolError,
      }
    throw error
  }
}

/** An adapter for one V2 generation: the ops plus the `invariant.value` check per case. */
export function v2Adapter(semantics: string, ops: V2Operations): ConformanceAdapter {
  return {
    semantics,
    run: (testCase, op) => runV2Op(ops, v2PoolOf(testCase), op),
    checkCase: (testCase) => {
      const want = testCase.invariant?.value
      if (want === undefined) return []
      let got: string
      try {
        got = str(ops.computeInvariant(v2PoolOf(testCase)))
      } catch (error) {
        got = error instanceof Error ? error.message : String(error)
      }
      return [['invariant', want, got]]
    },
  }
}

/** Adapters of this module: V2 pools from 2022 on. */
export const adapters: readonly ConformanceAdapter[] = [v2Adapter('balancer-v2-2022', v2)]
