/**
 * The exact models' public faces. Each generation uses the contracts' operation names, which
 * repeat across generations and the float model (`outGivenIn`, `computeInvariant`), so each is
 * published as one named object: `exactV3.outGivenIn(pool, 0, 1, amountRaw)`.
 */
import * as logExp from './logExpMath.js'
import * as v2021 from './v2-2021/pool.js'
import * as v2 from './v2/pool.js'
import { validateV2Pool } from './v2/checks.js'
import * as v3Liquidity from './v3/liquidity.js'
import * as v3Lbp from './v3/lbp.js'
import { createV3Pool, initializeV3Pool, validateV3Pool } from './v3/pool.js'
import * as v3Swap from './v3/swap.js'
import { computeInvariantDown, computeInvariantUp } from './v3/weightedMath.js'

/** The contracts' LogExpMath on 18-decimal bigints (identical in V2 and V3). */
export const logExpMath = { pow: logExp.pow, exp: logExp.exp, ln: logExp.ln, log: logExp.log }

/**
 * Balancer V3 weighted pool and LBP as deployed: raw token amounts in and out, scaling, rates,
 * fees on 18-decimal amounts, custom-error names in `PoolError.protocolError`.
 */
export const exactV3 = {
  createPool: createV3Pool,
  initializePool: initializeV3Pool,
  validatePool: validateV3Pool,
  computeInvariantDown,
  computeInvariantUp,
  outGivenIn: v3Swap.outGivenIn,
  inGivenOut: v3Swap.inGivenOut,
  swap: v3Swap.swap,
  applySwap: v3Swap.applySwap,
  swapExactInRaw: v3Swap.swapExactInRaw,
  swapExactOutRaw: v3Swap.swapExactOutRaw,
  addLiquidityProportional: v3Liquidity.addLiquidityProportional,
  addLiquidityUnbalanced: v3Liquidity.addLiquidityUnbalanced,
  addLiquiditySingleTokenExactOut: v3Liquidity.addLiquiditySingleTokenExactOut,
  removeLiquidityProportional: v3Liquidity.removeLiquidityProportional,
  removeLiquiditySingleTokenExactIn: v3Liquidity.removeLiquiditySingleTokenExactIn,
  removeLiquiditySingleTokenExactOut: v3Liquidity.removeLiquiditySingleTokenExactOut,
  lbpWeights: v3Lbp.lbpWeights,
  isLbpSwapEnabled: v3Lbp.isLbpSwapEnabled,
  validateLbp: v3Lbp.validateV3Lbp,
  lbpOutGivenIn: v3Lbp.lbpOutGivenIn,
  lbpInGivenOut: v3Lbp.lbpInGivenOut,
  lbpSwap: v3Lbp.lbpSwap,
} as const

/** Balancer V2 weighted pools deployed from 2022 on (power shortcuts, BAL#nnn reverts). */
export const exactV2 = {
  validatePool: validateV2Pool,
  computeInvariant: v2.computeInvariant,
  outGivenIn: v2.outGivenIn,
  inGivenOut: v2.inGivenOut,
  joinExactTokensInForBptOut: v2.joinExactTokensInForBptOut,
  joinTokenInForExactBptOut: v2.joinTokenInForExactBptOut,
  joinAllTokensInForExactBptOut: v2.joinAllTokensInForExactBptOut,
  exitExactBptInForTokensOut: v2.exitExactBptInForTokensOut,
  exitExactBptInForOneTokenOut: v2.exitExactBptInForOneTokenOut,
  exitBptInForExactTokensOut: v2.exitBptInForExactTokensOut,
} as const

/** Balancer V2 first-generation weighted pools (2021): no power shortcuts, BAL#nnn reverts. */
export const exactV2021 = {
  validatePool: validateV2Pool,
  computeInvariant: v2021.computeInvariant,
  outGivenIn: v2021.outGivenIn,
  inGivenOut: v2021.inGivenOut,
  joinExactTokensInForBptOut: v2021.joinExactTokensInForBptOut,
  joinTokenInForExactBptOut: v2021.joinTokenInForExactBptOut,
  exitExactBptInForTokensOut: v2021.exitExactBptInForTokensOut,
  exitExactBptInForOneTokenOut: v2021.exitExactBptInForOneTokenOut,
  exitBptInForExactTokensOut: v2021.exitBptInForExactTokensOut,
} as const
