/**
 * Conformance adapters for Balancer V3: `balancer-v3` (Vault + WeightedPool) and
 * `balancer-v3-lbp` (LBPool swaps), running the exact model in `src/pool/exact/v3/`.
 */
import { PoolError } from '../../src/errors.js'
import {
  addLiquiditySingleTokenExactOut,
  addLiquidityUnbalanced,
  removeLiquidityProportional,
  removeLiquiditySingleTokenExactIn,
  removeLiquiditySingleTokenExactOut,
} from '../../src/pool/exact/v3/liquidity.js'
import { lbpSwap, lbpWeights } from '../../src/pool/exact/v3/lbp.js'
import { swap } from '../../src/pool/exact/v3/swap.js'
import type { SwapKind, V3LbpState, V3PoolState } from '../../src/pool/exact/v3/types.js'
import { computeInvariantDown, computeInvariantUp } from '../../src/pool/exact/v3/weightedMath.js'
import { toScaled18ApplyRateRoundDown } from '../../src/pool/exact/v3/scaling.js'
import type {
  ConformanceAdapter,
  ConformanceCase,
  ConformanceOp,
  ConformanceResult,
} from './types.js'

const big = (value: unknown): bigint => BigInt(value as string)
const bigs = (value: unknown): bigint[] => (value as string[]).map((v) => BigInt(v))

/** The V3 pool state of a vector case (`pool` of v3-weighted-vectors.json). */
export function v3PoolOf(testCase: ConformanceCase): V3PoolState {
  const p = testCase.pool
  return {
    balancesRaw: bigs(p.balancesRaw),
    scalingFactors: bigs(p.scalingFactors),
    tokenRates: bigs(p.tokenRates),
    weights: bigs(p.weights),
    swapFee: big(p.swapFee),
    totalSupply: big(p.totalSupply),
  }
}

/** The LBP state of a vector case (`pool` of v3-lbp-vectors.json). */
export function v3LbpOf(testCase: ConformanceCase): V3LbpState {
  const p = testCase.pool
  return {
    balancesRaw: bigs(p.balancesRaw),
    scalingFactors: bigs(p.scalingFactors),
    tokenRates: bigs(p.tokenRates),
    swapFee: big(p.swapFee),
    projectTokenIndex: p.projectTokenIndex as number,
    isProjectTokenSwapInBlocked: p.isProjectTokenSwapInBlocked as boolean,
    startWeights: bigs(p.startWeights),
    endWeights: bigs(p.endWeights),
    startTime: big(p.startTime),
    endTime: big(p.endTime),
    currentTimestamp: big(p.currentTimestamp),
  }
}

function caught(error: unknown): ConformanceResult {
  if (error instanceof PoolError && error.protocolError !== undefined)
    return { error: error.protocolError }
  throw error
}

const str = (value: bigint): string => value.toString()

function runWeighted(pool: V3PoolState, op: ConformanceOp): ConformanceResult {
  try {
    switch (op.op) {
      case 'swap': {
        const result = swap(pool, {
          kind: op.kind as SwapKind,
          tokenIn: op.tokenIn as number,
          tokenOut: op.tokenOut as number,
          amountRaw: big(op.amountRaw),
        })
        return 'amountOutRaw' in result
          ? { amountOutRaw: str(result.amountOutRaw) }
          : { amountInRaw: str(result.amountInRaw) }
      }
      case 'addLiquidityUnbalanced':
        return { bptOutRaw: str(addLiquidityUnbalanced(pool, bigs(op.amountsInRaw)).bptOutRaw) }
      case 'addLiquiditySingleTokenExactOut':
        return {
          amountInRaw: str(
            addLiquiditySingleTokenExactOut(pool, op.tokenIndex as number, big(op.bptOutRaw))
              .amountInRaw,
          ),
        }
      case 'removeLiquidityProportional':
        return {
          amountsOutRaw: removeLiquidityProportional(pool, big(op.bptInRaw)).amountsOutRaw.map(str),
        }
      case 'removeLiquiditySingleTokenExactIn':
        return {
          amountOutRaw: str(
            removeLiquiditySingleTokenExactIn(pool, op.tokenIndex as number, big(op.bptInRaw))
              .amountOutRaw,
          ),
        }
      case 'removeLiquiditySingleTokenExactOut':
        return {
          bptInRaw: str(
            removeLiquiditySingleTokenExactOut(pool, op.tokenIndex as number, big(op.amountOutRaw))
              .bptInRaw,
          ),
        }
      default:
        return { error: `unsupported op ${op.op}` }
    }
  } catch (error) {
    return caught(error)
  }
}

/** `balancer-v3`: the Vault and WeightedPool as launched. */
export const v3WeightedAdapter: ConformanceAdapter = {
  semantics: 'balancer-v3',
  run: (testCase, op) => runWeighted(v3PoolOf(testCase), op),
  checkCase(testCase) {
    if (!testCase.invariant) return []
    const pool = v3PoolOf(testCase)
    const live = pool.balancesRaw.map((b, i) =>
      toScaled18ApplyRateRoundDown(b, pool.scalingFactors[i]!, pool.tokenRates[i]!),
    )
    const checks: (readonly [string, string, string])[] = []
    for (const [name, compute] of [
      ['down', computeInvariantDown],
      ['up', computeInvariantUp],
    ] as const) {
      const want = testCase.invariant[name]
      if (want === undefined) continue
      let got: string
      try {
        got = str(compute(pool.weights, live))
      } catch (error) {
        got = error instanceof PoolError ? (error.protocolError ?? error.code) : String(error)
      }
      checks.push([`invariant.${name}`, want, got])
    }
    return checks
  },
}

/** `balancer-v3-lbp`: LBPool swaps at the case's timestamp. */
export const v3LbpAdapter: ConformanceAdapter = {
  semantics: 'balancer-v3-lbp',
  run(testCase, op) {
    if (op.op !== 'swap') return { error: `unsupported op ${op.op}` }
    try {
      const result = lbpSwap(v3LbpOf(testCase), {
        kind: op.kind as SwapKind,
        tokenIn: op.tokenIn as number,
        tokenOut: op.tokenOut as number,
        amountRaw: big(op.amountRaw),
      })
      return 'amountOutRaw' in result
        ? { amountOutRaw: str(result.amountOutRaw) }
        : { amountInRaw: str(result.amountInRaw) }
    } catch (error) {
      return caught(error)
    }
  },
  checkCase(testCase) {
    if (!testCase.expectedWeights) return []
    return [
      [
        'weights',
        testCase.expectedWeights.join(','),
        lbpWeights(v3LbpOf(testCase)).map(str).join(','),
      ],
    ]
  },
}

/** The adapters this module plugs into the runner. */
export const adapters: readonly ConformanceAdapter[] = [v3WeightedAdapter, v3LbpAdapter]
