/**
 * The step loop (house style 7). Per step, in this order:
 * 1. the market moves to the path's prices (the pool's holdings earn the market P&L; the
 *    constant-mix benchmark is rebalanced at the previous weights);
 * 2. scheduled weights move (knots interpolated at the step's time; momentum retargets; a
 *    dynamic-weight rule updates its target or moves the weights towards it), and a dynamic
 *    swap fee rule updates its averages and, every n steps, sets the fee;
 * 3. the arbitrageur acts (on steps that are multiples of `everySteps`); several arbitrageurs
 *    compete for the block and the best net trade wins (general loop only);
 * 4. noise traders' arrivals in (t-1, t] trade, trader by trader;
 * 5. values, benchmarks and metrics are updated online; every k-th step is sampled.
 * Agents and options are integers and flags read before the loop; the per-step helpers below
 * are plain module functions over the state's typed arrays (monomorphic, no closures).
 */
import { logTrade } from './tradeLog.js'
import { weightRuleStep } from '../strategies/weights/weightRule.js'
import { computeInGivenOut, computeOutGivenIn } from '../../pool/float/swap.js'
import { MAX_RATIO, executeArbitrage, optimalArbitrage } from '../agents/arbitrage.js'
import { blockArrived } from '../agents/blocks.js'
import { nextGas } from '../agents/gas.js'
import { nextArrivalGap, nextStandardNormal, nextUniform, poolShare } from '../agents/noise.js'
import { logNear1 } from '../metrics/metrics.js'
import { RunError, fmt } from '../../errors.js'
import { SECONDS_PER_YEAR } from '../prices/synthetic/source.js'
import {
  INPUT_DEVIATION,
  INPUT_GAS,
  INPUT_LP_VALUE,
  INPUT_SWAP_FEE,
  INPUT_TIME,
  INPUT_VOLATILITY,
  INPUT_VOLUME,
  ruleSwapFee,
} from '../strategies/fees/swapFeeRule.js'
import { SWAP_FEE_INPUT_NAMES } from '../strategies/fees/swapFeeExpression.js'
import {
  BENCHMARK_CONSTANT_MIX,
  BENCHMARK_HODL,
  BENCHMARK_PERIODIC,
  BENCHMARK_THRESHOLD,
  isOutsideBand,
  rebalanceHoldings,
} from '../benchmarks/benchmarks.js'
import {
  ARB_FEES,
  ARB_IDEAL_PROFIT,
  ARB_PROFIT,
  ARB_REALISED_PROFIT,
  ARB_TRADES,
  CAP_BINDS,
  CONSTANT_MIX,
  DEVIATION_MAX,
  DEVIATION_SUM,
  EXTERNAL_COSTS,
  FEE_INCOME,
  GAS_PAID,
  HODL_PREVIOUS,
  LP_PREVIOUS,
  LVR,
  MARKET_PNL,
  MAX_DRAWDOWN,
  NOISE_CAP_BINDS,
  NOISE_ROUTED_AWAY,
  NOISE_FEES,
  NOISE_TRADES,
  NOISE_VOLUME,
  PEAK,
  PRIORITY_FEES,
  FIGURE_BLOCKS_WON,
  FIGURE_EXTERNAL_FEES,
  FIGURE_GAS_PAID,
  FIGURE_PRIORITY_FEES,
  FIGURE_PROFIT,
  FIGURE_SIZE,
  type CompetingArbitrageurs,
  RETURN_COUNT,
  RETURN_SHIFT,
  RETURN_SQUARES,
  RETURN_SUM,
  TRACKING_SHIFT,
  TRACKING_SQUARES,
  TRACKING_SUM,
  TRADES,
  VOLUME,
  type EngineState,
  type SwapFeeState,
} from './state.js'
import {
  SCHEDULE_KNOTS,
  SCHEDULE_MOMENTUM,
  SCHEDULE_RULE,
  SCHEDULE_STATIC,
  knotWeightsAt,
  momentumWeights,
} from './weightSchedule.js'

/**
 * Runs steps `from` to `count - 1` of a chunk for any number of tokens. Kernel: no allocation,
 * no callbacks; agents are flags and countdowns read before the loop.
 * @param e - the run's state
 * @param prices - the chunk's prices, row-major step by token, numeraire units
 * @param times - the chunk's Unix seconds
 * @param from - first row to run (1 in the first chunk, whose row 0 set the start)
 * @param count - rows in the chunk
 */
export function runChunk(
  e: EngineState,
  prices: Float64Array,
  times: Float64Array,
  from: number,
  count: number,
): void {
  const n = e.n
  const balances = e.balances
  const weights = e.weights
  const previous = e.previousPrices
  const hodl = e.hodl
  const acc = e.acc
  const arbEvery = e.arbEvery
  const blockClock = e.blockClock
  // Stryker disable next-line ConditionalExpression,EqualityOperator: forced true or `>= 0` runs noiseStep over zero traders, a loop that does nothing (the mark also hides `<= 0` and forced false, which the tests kill)
  const hasNoise = e.noiseRates.length > 0
  const scheduleKind = e.schedule.kind
  // Stryker disable next-line ConditionalExpression,EqualityOperator: forced true or `>= 0` runs vaultsStep, which skips every benchmark that is not a periodic or threshold vault: nothing (the mark also hides `<= 0` and forced false, which the tests kill)
  const hasVaults = e.vaultCount > 0
  const lpGrowth = e.lpGrowth
  const mixGrowths = e.mixGrowth
  const hodlGrowth = e.hodlGrowth
  const startTime = e.startTime
  const lastStep = e.lastStep
  const swapFeeState = e.swapFeeState
  const gasSource = e.gasSource
  const competitors = e.competitors
  // Running sums live in locals for the chunk and are written back once at its end.
  let marketPnl = acc[MARKET_PNL]!
  let peak = acc[PEAK]!
  let maxDrawdown = acc[MAX_DRAWDOWN]!
  let deviationSum = acc[DEVIATION_SUM]!
  let deviationMax = acc[DEVIATION_MAX]!
  let lpPrevious = acc[LP_PREVIOUS]!
  let inverseLpPrevious = 1 / lpPrevious
  let drawdownFloor = peak * (1 - maxDrawdown)
  let hodlPrevious = acc[HODL_PREVIOUS]!
  let constantMix = acc[CONSTANT_MIX]!
  let step = e.step
  for (let t = from; t < count; t++, step++) {
    const offset = t * n
    // 1. Market move: P&L of the holdings carried into this step; constant-mix growth factor.
    let pnl = 0
    let mixGrowth = 0
    for (let k = 0; k < n; k++) {
      const price = prices[offset + k]!
      const before = previous[k]!
      pnl += balances[k]! * (price - before)
      mixGrowth += (weights[k]! * price) / before
      previous[k] = price
    }
    marketPnl += pnl
    constantMix *= mixGrowth
    // 2. Scheduled weights; this step's gas (before the fee rule, which reads it).
    // Stryker disable next-line ConditionalExpression: forced true, weightStep returns at once for static weights (forced false, killed by the schedule tests, is hidden too)
    if (scheduleKind !== SCHEDULE_STATIC)
      weightStep(e, scheduleKind, step, times[t]! - startTime, prices, offset)
    if (gasSource !== undefined) e.gasCost = nextGas(gasSource, times[t]! - startTime)
    if (competitors !== undefined) competitorGasStep(e, competitors, times[t]! - startTime)
    if (swapFeeState !== undefined)
      swapFeeStep(e, swapFeeState, prices, offset, times[t]! - startTime, step, acc[VOLUME]!)
    // 3. Arbitrage, 4. noise.
    // A block clock lets the countdown fall below 0 until a step holds a block (everySteps 1).
    if (
      arbEvery !== 0 &&
      --e.arbCountdown <= 0 &&
      (blockClock === undefined || blockArrived(blockClock, times[t]! - startTime))
    ) {
      e.arbCountdown = arbEvery
      if (competitors === undefined) arbitrageStepGeneral(e, prices, offset, times[t]!, step)
      else competingArbitrageStep(e, competitors, prices, offset, times[t]!, step)
    }
    // Stryker disable next-line ConditionalExpression: forced true runs noiseStep over zero traders (a loop that does nothing)
    if (hasNoise) noiseStep(e, times[t]! - startTime, prices, offset, step)
    // 5. Values and metrics.
    let lp = 0
    let hodlValue = 0
    for (let k = 0; k < n; k++) {
      const price = prices[offset + k]!
      lp += balances[k]! * price
      hodlValue += hodl[k]! * price
    }
    let gaps = 0
    for (let k = 0; k < n; k++)
      gaps += Math.abs(balances[k]! * prices[offset + k]! - weights[k]! * lp)
    // One division for lp's reciprocal, reused by the deviation and the next step's growth.
    const inverseLp = 1 / lp
    const deviation = 0.5 * gaps * inverseLp
    deviationSum += deviation
    // Stryker disable next-line EqualityOperator: on equality it stores the same value
    if (deviation > deviationMax) deviationMax = deviation
    // Growth factors go to chunk buffers; logs and sums run after the loop (accumulateReturns).
    lpGrowth[t] = lp * inverseLpPrevious
    mixGrowths[t] = mixGrowth
    hodlGrowth[t] = hodlValue / hodlPrevious
    hodlPrevious = hodlValue
    // Stryker disable next-line ConditionalExpression: forced true runs vaultsStep, which skips every benchmark that is not a periodic or threshold vault: nothing
    if (hasVaults) vaultsStep(e, t, prices, offset)
    // Drawdown divides only when it sets a new maximum (lp below peak (1 - maxDrawdown)).
    if (lp > peak) {
      peak = lp
      drawdownFloor = peak * (1 - maxDrawdown)
    } else if (lp < drawdownFloor) {
      maxDrawdown = 1 - lp / peak
      drawdownFloor = lp
    }
    lpPrevious = lp
    inverseLpPrevious = inverseLp
    if (--e.sampleCountdown === 0 || step === lastStep) {
      // Stryker disable next-line ConditionalExpression: forced true differs only on the run's last step, after which no step reads the countdown
      if (e.sampleCountdown === 0) e.sampleCountdown = e.sampleEvery
      acc[CONSTANT_MIX] = constantMix
      recordSample(e, times[t]!, prices, offset, lp, hodlValue, deviation, 0, 0, 0)
    }
  }
  e.step = step
  acc[MARKET_PNL] = marketPnl
  acc[PEAK] = peak
  acc[MAX_DRAWDOWN] = maxDrawdown
  acc[DEVIATION_SUM] = deviationSum
  acc[DEVIATION_MAX] = deviationMax
  acc[LP_PREVIOUS] = lpPrevious
  acc[HODL_PREVIOUS] = hodlPrevious
  accumulateReturns(e, from, count)
  acc[CONSTANT_MIX] = constantMix
}

/**
 * {@link runChunk} specialised to two tokens (the common case): balances, weights, previous prices
 * and the arbitrageur's sums in locals, the band check in multiplications only, and the
 * closed-form trade (two transcendental calls plus the swap kernel) only when the market leaves
 * the band. Noise traders and schedules, when present, run through the shared helpers with the
 * locals synchronised around them. Same step order and definitions as {@link runChunk}.
 */
export function runTwoTokenChunk(
  e: EngineState,
  prices: Float64Array,
  times: Float64Array,
  from: number,
  count: number,
): void {
  const balances = e.balances
  const weights = e.weights
  const acc = e.acc
  const arbEvery = e.arbEvery
  const blockClock = e.blockClock
  // Stryker disable next-line ConditionalExpression,EqualityOperator: forced true or `>= 0` writes the locals to the balances, runs noiseStep over zero traders (a loop that does nothing) and reads the same balances back (the mark also hides `<= 0` and forced false, which the tests kill)
  const hasNoise = e.noiseRates.length > 0
  const scheduleKind = e.schedule.kind
  // Stryker disable next-line ConditionalExpression,EqualityOperator: forced true or `>= 0` runs vaultsStep, which skips every benchmark that is not a periodic or threshold vault: nothing (the mark also hides `<= 0` and forced false, which the tests kill)
  const hasVaults = e.vaultCount > 0
  const lpGrowth = e.lpGrowth
  const mixGrowths = e.mixGrowth
  const hodlGrowth = e.hodlGrowth
  const startTime = e.startTime
  const lastStep = e.lastStep
  const swapFeeState = e.swapFeeState
  // A dynamic fee rule may change these on its update steps; they are re-read after it runs.
  let swapFee = e.swapFee
  let gamma = e.gamma
  const gasSource = e.gasSource
  let gasCost = e.gasCost
  // Gas paid: trades at the current gas counted, and a product per run of equal gas (a constant
  // gas books arbTrades * gasCost, as ever).
  let gasTrades = 0
  let gasPaidBefore = 0
  const buy0 = e.buyFactor[0]!
  const sell0 = e.sellFactor[0]!
  const buy1 = e.buyFactor[1]!
  const sell1 = e.sellFactor[1]!
  // Band edges as products: trade 0 -> 1 when gamma sell1 base1 > buy0 base0, and so on.
  let edge01 = gamma * sell1
  let edge10 = gamma * sell0
  const hodl0 = e.hodl[0]!
  const hodl1 = e.hodl[1]!
  const tradeLog = e.tradeLog
  let x = balances[0]!
  let y = balances[1]!
  let weight0 = weights[0]!
  let weight1 = weights[1]!
  let previous0 = e.previousPrices[0]!
  let previous1 = e.previousPrices[1]!
  let feeUnits0 = 0
  let feeUnits1 = 0
  let arbFees = 0
  let arbLvr = 0
  let arbVolume = 0
  let arbTrades = 0
  let arbProfit = 0
  let externalCosts = 0
  let capBinds = 0
  let arbCountdown = e.arbCountdown
  let sampleCountdown = e.sampleCountdown
  let marketPnl = acc[MARKET_PNL]!
  let peak = acc[PEAK]!
  let maxDrawdown = acc[MAX_DRAWDOWN]!
  let deviationSum = acc[DEVIATION_SUM]!
  let deviationMax = acc[DEVIATION_MAX]!
  let lpPrevious = acc[LP_PREVIOUS]!
  let inverseLpPrevious = 1 / lpPrevious
  let drawdownFloor = peak * (1 - maxDrawdown)
  let hodlPrevious = acc[HODL_PREVIOUS]!
  let constantMix = acc[CONSTANT_MIX]!
  let step = e.step
  for (let t = from; t < count; t++, step++) {
    const offset = 2 * t
    const price0 = prices[offset]!
    const price1 = prices[offset + 1]!
    marketPnl += x * (price0 - previous0) + y * (price1 - previous1)
    // One division: w0 p0 / q0 + w1 p1 / q1 over the common denominator q0 q1.
    const mixGrowth =
      (weight0 * price0 * previous1 + weight1 * price1 * previous0) / (previous0 * previous1)
    constantMix *= mixGrowth
    previous0 = price0
    previous1 = price1
    // Stryker disable next-line ConditionalExpression: forced true, weightStep returns at once for static weights and the weights read back are the same
    if (scheduleKind !== SCHEDULE_STATIC) {
      weightStep(e, scheduleKind, step, times[t]! - startTime, prices, offset)
      weight0 = weights[0]!
      weight1 = weights[1]!
    }
    if (gasSource !== undefined) {
      const gas = nextGas(gasSource, times[t]! - startTime)
      // Stryker disable next-line ConditionalExpression: forced true books the same gas step by step instead of per run of equal gas (the same sum to rounding) and sets gasCost to its own value
      if (gas !== gasCost) {
        gasPaidBefore += gasTrades * gasCost
        gasTrades = 0
        gasCost = e.gasCost = gas
      }
    }
    if (swapFeeState !== undefined) {
      balances[0] = x
      balances[1] = y
      // The arbitrage volume of this chunk is still in a local: add it to the run's sum.
      swapFeeStep(
        e,
        swapFeeState,
        prices,
        offset,
        times[t]! - startTime,
        step,
        acc[VOLUME]! + arbVolume,
      )
      // Stryker disable next-line ConditionalExpression: forced true recomputes the same fee, gamma and band edges from an unchanged e.swapFee
      if (e.swapFee !== swapFee) {
        swapFee = e.swapFee
        gamma = e.gamma
        edge01 = gamma * sell1
        edge10 = gamma * sell0
      }
    }
    if (
      arbEvery !== 0 &&
      --arbCountdown <= 0 &&
      (blockClock === undefined || blockArrived(blockClock, times[t]! - startTime))
    ) {
      arbCountdown = arbEvery
      const base0 = (price0 * x) / weight0
      const base1 = (price1 * y) / weight1
      // Stryker disable next-line UnaryOperator: tokenIn +1 with amountIn 0 is a zero trade, profit 0, never above gasCost >= 0
      let tokenIn = -1
      let amountIn = 0
      // arbitrageTwoToken's closed form, entered only outside the band.
      // Stryker disable next-line EqualityOperator: on the band edge the closed form gives amountIn = expm1(0) = 0, a zero trade that is never executed
      if (edge01 * base1 > buy0 * base0) {
        tokenIn = 0
        amountIn = (x * Math.expm1(weight1 * Math.log((edge01 * base1) / (buy0 * base0)))) / gamma
        // Stryker disable next-line EqualityOperator: on the band edge the closed form gives amountIn = expm1(0) = 0, a zero trade that is never executed
      } else if (edge10 * base0 > buy1 * base1) {
        tokenIn = 1
        amountIn = (y * Math.expm1(weight0 * Math.log((edge10 * base0) / (buy1 * base1)))) / gamma
      }
      // Stryker disable next-line ConditionalExpression: forced true prices a zero trade (amountIn 0, profit 0, never above gasCost >= 0); forced false (no arbitrage) is killed by the reference tests
      if (tokenIn >= 0) {
        const balanceIn = tokenIn === 0 ? x : y
        const balanceOut = tokenIn === 0 ? y : x
        const weightIn = tokenIn === 0 ? weight0 : weight1
        const weightOut = tokenIn === 0 ? weight1 : weight0
        const priceIn = tokenIn === 0 ? price0 : price1
        const priceOut = tokenIn === 0 ? price1 : price0
        const buyIn = tokenIn === 0 ? buy0 : buy1
        const sellOut = tokenIn === 0 ? sell1 : sell0
        let capped = false
        // Balancer's in-limit is on the amount net of the fee: amountIn (1 - swapFee) <= 30 % of B_in.
        if (gamma * amountIn > MAX_RATIO * balanceIn) {
          amountIn = (MAX_RATIO * balanceIn) / gamma
          capped = true
        }
        let amountOut = computeOutGivenIn(
          balanceIn,
          weightIn,
          balanceOut,
          weightOut,
          amountIn,
          swapFee,
        )
        if (amountOut > MAX_RATIO * balanceOut) {
          amountOut = MAX_RATIO * balanceOut
          amountIn = computeInGivenOut(
            balanceIn,
            weightIn,
            balanceOut,
            weightOut,
            amountOut,
            swapFee,
          )
          capped = true
        }
        const valueIn = amountIn * priceIn
        const valueOut = amountOut * priceOut
        const profit = valueOut * sellOut - valueIn * buyIn
        if (profit > gasCost) {
          if (tokenIn === 0) {
            x = balanceIn + amountIn
            y = balanceOut - amountOut
            feeUnits0 += swapFee * amountIn
          } else {
            y = balanceIn + amountIn
            x = balanceOut - amountOut
            feeUnits1 += swapFee * amountIn
          }
          arbFees += swapFee * valueIn
          arbLvr += valueOut - gamma * valueIn
          arbVolume += valueIn
          arbTrades++
          gasTrades++
          if (tradeLog !== undefined)
            logTrade(
              tradeLog,
              times[t]!,
              step,
              e.arbAgent,
              tokenIn,
              1 - tokenIn,
              amountIn,
              amountOut,
              valueIn,
              swapFee * valueIn,
            )
          arbProfit += profit - gasCost
          externalCosts += valueIn * (buyIn - 1) + valueOut * (1 - sellOut)
          if (capped) capBinds++
        }
      }
    }
    // Stryker disable next-line ConditionalExpression: forced true runs noiseStep over zero traders (a loop that does nothing) and reads back the same balances
    if (hasNoise) {
      balances[0] = x
      balances[1] = y
      noiseStep(e, times[t]! - startTime, prices, offset, step)
      x = balances[0]!
      y = balances[1]!
    }
    const value0 = x * price0
    const lp = value0 + y * price1
    const hodlValue = hodl0 * price0 + hodl1 * price1
    // Two tokens: half the L1 distance is |v_0 - w_0|.
    const inverseLp = 1 / lp
    const deviation = Math.abs(value0 - weight0 * lp) * inverseLp
    deviationSum += deviation
    // Stryker disable next-line EqualityOperator: on equality it stores the same value
    if (deviation > deviationMax) deviationMax = deviation
    // Growth factors go to chunk buffers; logs and sums run after the loop (accumulateReturns).
    lpGrowth[t] = lp * inverseLpPrevious
    mixGrowths[t] = mixGrowth
    hodlGrowth[t] = hodlValue / hodlPrevious
    hodlPrevious = hodlValue
    // Stryker disable next-line ConditionalExpression: forced true runs vaultsStep, which skips every benchmark that is not a periodic or threshold vault: nothing
    if (hasVaults) vaultsStep(e, t, prices, offset)
    // Drawdown divides only when it sets a new maximum (lp below peak (1 - maxDrawdown)).
    // Stryker disable next-line EqualityOperator: on equality the peak and its floor are set to the values they have
    if (lp > peak) {
      peak = lp
      drawdownFloor = peak * (1 - maxDrawdown)
      // Stryker disable next-line EqualityOperator: on equality (lp = peak (1 - maxDrawdown)) 1 - lp / peak is maxDrawdown again, to rounding, and the floor is lp
    } else if (lp < drawdownFloor) {
      maxDrawdown = 1 - lp / peak
      drawdownFloor = lp
    }
    lpPrevious = lp
    inverseLpPrevious = inverseLp
    if (--sampleCountdown === 0 || step === lastStep) {
      // Stryker disable next-line ConditionalExpression: forced true differs only on the run's last step, after which no step reads the countdown
      if (sampleCountdown === 0) sampleCountdown = e.sampleEvery
      balances[0] = x
      balances[1] = y
      acc[CONSTANT_MIX] = constantMix
      // The chunk's arbitrage sums are still in locals: pass them to the sample.
      recordSample(
        e,
        times[t]!,
        prices,
        offset,
        lp,
        hodlValue,
        deviation,
        arbFees,
        arbLvr,
        arbProfit,
      )
    }
  }
  e.step = step
  e.arbCountdown = arbCountdown
  e.sampleCountdown = sampleCountdown
  balances[0] = x
  balances[1] = y
  e.previousPrices[0] = previous0
  e.previousPrices[1] = previous1
  e.feeUnits[0] = e.feeUnits[0]! + feeUnits0
  e.feeUnits[1] = e.feeUnits[1]! + feeUnits1
  acc[FEE_INCOME] = acc[FEE_INCOME]! + arbFees
  acc[ARB_FEES] = acc[ARB_FEES]! + arbFees
  acc[LVR] = acc[LVR]! + arbLvr
  acc[VOLUME] = acc[VOLUME]! + arbVolume
  acc[TRADES] = acc[TRADES]! + arbTrades
  acc[ARB_TRADES] = acc[ARB_TRADES]! + arbTrades
  acc[ARB_PROFIT] = acc[ARB_PROFIT]! + arbProfit
  const gasPaid = gasPaidBefore + gasTrades * gasCost
  // Stryker disable next-line ArithmeticOperator: read only by the multi-token note (n > 2 in buildResult); this kernel runs 2 tokens
  acc[ARB_IDEAL_PROFIT] = acc[ARB_IDEAL_PROFIT]! + arbProfit + gasPaid
  // Stryker disable next-line ArithmeticOperator: read only by the multi-token note (n > 2 in buildResult); this kernel runs 2 tokens
  acc[ARB_REALISED_PROFIT] = acc[ARB_REALISED_PROFIT]! + arbProfit + gasPaid
  acc[GAS_PAID] = acc[GAS_PAID]! + gasPaid
  acc[EXTERNAL_COSTS] = acc[EXTERNAL_COSTS]! + externalCosts
  acc[CAP_BINDS] = acc[CAP_BINDS]! + capBinds
  acc[MARKET_PNL] = marketPnl
  acc[PEAK] = peak
  acc[MAX_DRAWDOWN] = maxDrawdown
  acc[DEVIATION_SUM] = deviationSum
  acc[DEVIATION_MAX] = deviationMax
  acc[LP_PREVIOUS] = lpPrevious
  acc[HODL_PREVIOUS] = hodlPrevious
  accumulateReturns(e, from, count)
  acc[CONSTANT_MIX] = constantMix
}

/**
 * Writes one point of the down-sampled series: time, lpValue, hodlValue, constantMixValue,
 * feeIncome, lvr, arbProfit, weightDeviation, then weights, balances and prices by token, then
 * each benchmark's value. `pending*` are sums a kernel still holds in locals (added, not stored).
 */
export function recordSample(
  e: EngineState,
  time: number,
  prices: Float64Array,
  offset: number,
  lp: number,
  hodlValue: number,
  deviation: number,
  pendingFees: number,
  pendingLvr: number,
  pendingArbProfit: number,
): void {
  const n = e.n
  const at = e.sampleCount++
  const series = e.series
  const acc = e.acc
  series[0]![at] = time
  series[1]![at] = lp
  series[2]![at] = hodlValue
  series[3]![at] = acc[CONSTANT_MIX]!
  series[4]![at] = acc[FEE_INCOME]! + pendingFees
  series[5]![at] = acc[LVR]! + pendingLvr
  series[6]![at] = acc[ARB_PROFIT]! + pendingArbProfit
  series[7]![at] = deviation
  for (let k = 0; k < n; k++) {
    series[8 + k]![at] = e.weights[k]!
    series[8 + n + k]![at] = e.balances[k]!
    series[8 + 2 * n + k]![at] = prices[offset + k]!
  }
  syncBenchmarkValues(e, hodlValue)
  for (let b = 0; b < e.benchmarkValues.length; b++)
    series[8 + 3 * n + b]![at] = e.benchmarkValues[b]!
  if (e.swapFeeState !== undefined) series[e.swapFeeState.column]![at] = e.swapFee
}

/** Seconds per day: the volume input is numeraire per day. */
const SECONDS_PER_DAY = 86_400

/**
 * The dynamic swap fee phase of a step (docs/dynamic-fees.md), after the weights move and before
 * the arbitrageur. Every step: the EWMAs the rule reads move by one observation, each with decay
 * 2^(-dt / halfLife) and normalised by the sum of its weights (estimate = sum / weight), so the
 * first observation is the estimate and old ones fade by half every half-life:
 * - volatility: observation x = 2 sum_k w_k (r_k - rbar)^2 / (1 - sum_k w_k^2) / (dt / year), with
 *   r_k = log(p_k(t) / p_k(t-1)) and rbar = sum_k w_k r_k: the annualised variance of a relative
 *   price between two tokens ((r_0 - r_1)^2 / dt for two tokens); the input is its square root;
 * - volume: observation = the pool's volume traded at the previous step (numeraire) / dt, per day
 *   (from step 2; step 1 follows the start, where nothing trades).
 * On every `everySteps`-th step the rule sets the fee from the inputs (deviation and lpValue at
 * this step's prices and the pool's balances before trading); NaN is refused.
 * @param time - seconds from the path start of this step
 * @param volumeTotal - the run's volume so far, numeraire units (pending locals included)
 */
function swapFeeStep(
  e: EngineState,
  f: SwapFeeState,
  prices: Float64Array,
  offset: number,
  time: number,
  step: number,
  volumeTotal: number,
): void {
  const rule = f.rule
  const uses = rule.uses
  const inputs = f.inputs
  const n = e.n
  const dt = time - f.lastTime
  f.lastTime = time
  const usesVolatility = uses[INPUT_VOLATILITY]!
  const usesVolume = uses[INPUT_VOLUME]!
  // Stryker disable next-line ConditionalExpression,LogicalOperator: forced true or `||` recomputes the same decay from the same dt, or one no input reads
  if ((usesVolatility || usesVolume) && dt !== f.lastDt) {
    f.lastDt = dt
    f.decay = Math.exp((-Math.LN2 * dt) / rule.halfLife)
  }
  const decay = f.decay
  if (usesVolatility && n === 2) {
    // Two tokens: the observation is (r_0 - r_1)^2 / (dt / year), with one logarithm.
    const last = f.lastPrices
    const price0 = prices[offset]!
    const price1 = prices[offset + 1]!
    const d = Math.log((price0 * last[1]!) / (price1 * last[0]!))
    last[0] = price0
    last[1] = price1
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a path's times increase strictly, so dt > 0 at every step
    if (dt > 0) {
      f.varianceSum = decay * f.varianceSum + ((1 - decay) * d * d * SECONDS_PER_YEAR) / dt
      f.varianceWeight = decay * f.varianceWeight + (1 - decay)
    }
  } else if (usesVolatility) {
    const weights = e.weights
    const returns = f.returns
    const last = f.lastPrices
    let mean = 0
    let squaredWeights = 0
    for (let k = 0; k < n; k++) {
      const price = prices[offset + k]!
      const r = Math.log(price / last[k]!)
      last[k] = price
      returns[k] = r
      mean += weights[k]! * r
      squaredWeights += weights[k]! * weights[k]!
    }
    let dispersion = 0
    for (let k = 0; k < n; k++) {
      const gap = returns[k]! - mean
      dispersion += weights[k]! * gap * gap
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a path's times increase strictly, so dt > 0 at every step
    if (dt > 0) {
      const variance = (2 * dispersion) / (1 - squaredWeights) / (dt / SECONDS_PER_YEAR)
      f.varianceSum = decay * f.varianceSum + (1 - decay) * variance
      f.varianceWeight = decay * f.varianceWeight + (1 - decay)
    }
  }
  if (
    usesVolume &&
    step >= 2 &&
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a path's times increase strictly, so dt > 0 at every step
    dt > 0
  ) {
    const rate = ((volumeTotal - f.lastVolume) / dt) * SECONDS_PER_DAY
    f.volumeSum = decay * f.volumeSum + (1 - decay) * rate
    f.volumeWeight = decay * f.volumeWeight + (1 - decay)
  }
  f.lastVolume = volumeTotal
  if (--f.countdown === 0) {
    f.countdown = rule.everySteps
    inputs[INPUT_VOLATILITY] =
      f.varianceWeight > 0 ? Math.sqrt(f.varianceSum / f.varianceWeight) : 0
    inputs[INPUT_VOLUME] = f.volumeWeight > 0 ? f.volumeSum / f.volumeWeight : 0
    inputs[INPUT_GAS] = e.gasCost
    inputs[INPUT_SWAP_FEE] = e.swapFee
    inputs[INPUT_TIME] = time
    if (uses[INPUT_DEVIATION]! || uses[INPUT_LP_VALUE]!) {
      const balances = e.balances
      let lp = 0
      for (let k = 0; k < n; k++) lp += balances[k]! * prices[offset + k]!
      let gaps = 0
      for (let k = 0; k < n; k++)
        gaps += Math.abs(balances[k]! * prices[offset + k]! - e.weights[k]! * lp)
      inputs[INPUT_LP_VALUE] = lp
      inputs[INPUT_DEVIATION] = (0.5 * gaps) / lp
    }
    const swapFee = ruleSwapFee(rule, inputs)
    if (Number.isNaN(swapFee)) throw swapFeeNaN(rule.path, step, inputs)
    // Stryker disable next-line ConditionalExpression: forced true sets the fee, gamma and log gamma to the values they have
    if (swapFee !== e.swapFee) {
      e.swapFee = swapFee
      e.gamma = 1 - swapFee
      e.logGamma = Math.log(e.gamma)
    }
  }
  const fee = e.swapFee
  // Shifted by the start fee: a constant fee gives its mean exactly (no rounding in the sum).
  f.feeSum += fee - f.feeStart
  // Stryker disable next-line EqualityOperator: on equality it stores the same value
  if (fee < f.feeMin) f.feeMin = fee
  // Stryker disable next-line EqualityOperator: on equality it stores the same value
  if (fee > f.feeMax) f.feeMax = fee
  f.feeCount++
}

/** `SWAP_FEE_NAN`: the rule, the step and the inputs it saw. */
function swapFeeNaN(path: string, step: number, inputs: Float64Array): RunError {
  const seen = SWAP_FEE_INPUT_NAMES.map((name, i) => `${name} ${fmt(inputs[i]!)}`).join(', ')
  return new RunError(
    'SWAP_FEE_NAN',
    `the swap fee rule at ${path} gave NaN at step ${step} (inputs: ${seen}); guard the expression, e.g. with max(…, 0) or a condition`,
    { path, step },
  )
}

/**
 * Hodl and constant-mix benchmarks are not updated per step (their values are the kernel's own
 * HODL value and constant-mix product); this copies them into `benchmarkValues`.
 * @param hodlValue - the HODL basket's value now, numeraire units
 */
export function syncBenchmarkValues(e: EngineState, hodlValue: number): void {
  const kinds = e.benchmarks.kinds
  // Stryker disable next-line EqualityOperator: `b <= kinds.length` reads kinds[length], undefined, which matches neither kind
  for (let b = 0; b < kinds.length; b++) {
    if (kinds[b] === BENCHMARK_HODL) e.benchmarkValues[b] = hodlValue
    else if (kinds[b] === BENCHMARK_CONSTANT_MIX) e.benchmarkValues[b] = e.acc[CONSTANT_MIX]!
  }
}

/**
 * Phase 2 with a moving schedule: the weights move (knots interpolated at `time`, a momentum
 * retarget, or a dynamic-weight rule's step) and the fee-free shadow pool of the return
 * decomposition follows them (momentum moves it itself, around a retarget).
 * @param time - seconds from the path start of this step
 */
function weightStep(
  e: EngineState,
  scheduleKind: number,
  step: number,
  time: number,
  prices: Float64Array,
  offset: number,
): void {
  if (scheduleKind === SCHEDULE_MOMENTUM) {
    momentumStep(e, step, prices, offset)
    return
  }
  if (scheduleKind === SCHEDULE_KNOTS)
    e.knotCursor = knotWeightsAt(e.schedule, e.n, time, e.knotCursor, e.weights)
  else if (
    // Stryker disable next-line ConditionalExpression: both callers run weightStep only for a schedule that is not static, so a kind neither momentum nor knots is the rule (forced false is killed)
    scheduleKind === SCHEDULE_RULE
  )
    weightRuleStep(e.schedule.rule!, e.n, e.ruleState, time, e.weights, prices, offset)
  else return
  shadowStep(e, prices, offset)
}

/**
 * The fee-free shadow pool of the return decomposition, after this step's weights: arbitraged to
 * the market at the new weights, `V = prod_k (S_k p_k / w_k)^(w_k)` (the value of a pool with
 * balances S and weights w at the market price p; a fee-free arbitrage keeps `prod S^w`), then
 * `S_k = w_k V / p_k`. Knot schedules run it every step; momentum only around a retarget (between
 * two, the shadow's invariant holds and its value follows from it); static weights use the closed
 * form.
 */
function shadowStep(e: EngineState, prices: Float64Array, offset: number): void {
  const n = e.n
  const weights = e.weights
  const shadow = e.shadowBalances
  let logValue = 0
  for (let k = 0; k < n; k++) {
    const w = weights[k]!
    logValue += w * Math.log((shadow[k]! * prices[offset + k]!) / w)
  }
  const value = Math.exp(logValue)
  // Stryker disable next-line EqualityOperator: `k <= n` writes shadow[n], past the end of the Float64Array: ignored
  for (let k = 0; k < n; k++) shadow[k] = (weights[k]! * value) / prices[offset + k]!
}

/** Momentum retarget on multiples of everySteps once lookback steps of history exist. */
function momentumStep(e: EngineState, step: number, prices: Float64Array, offset: number): void {
  const n = e.n
  const ring = e.priceRing
  const slots = e.schedule.lookbackSteps + 1
  if (step >= e.schedule.lookbackSteps && step % e.schedule.everySteps === 0) {
    const past = ((step - e.schedule.lookbackSteps) % slots) * n
    // The shadow, lazily: since the last retarget its fee-free arbitrages kept prod S^w, so it is
    // brought to the market at p(t-1) (the ring's previous row, not yet overwritten) under the
    // old weights, then, after the retarget, to p(t) under the new ones.
    shadowStep(e, ring, ((step - 1) % slots) * n)
    momentumWeights(n, e.weights, prices, offset, ring, past, e.schedule.strength)
    shadowStep(e, prices, offset)
  }
  const slot = (step % slots) * n
  // Stryker disable next-line EqualityOperator: `k <= n` also writes token 0 of the row (step + 1) % slots = (step - lookback) % slots, read this step already and written again before the next read (or past the ring's end: ignored)
  for (let k = 0; k < n; k++) ring[slot + k] = prices[offset + k]!
}

/** Books an arbitrage transaction that went through: profit net of gas, gas, ideal vs realised. */
function bookArbitrage(e: EngineState, realised: number, ideal: number, capped: boolean): void {
  const acc = e.acc
  acc[ARB_TRADES] = acc[ARB_TRADES]! + 1
  acc[GAS_PAID] = acc[GAS_PAID]! + e.gasCost
  acc[ARB_PROFIT] = acc[ARB_PROFIT]! + (realised - e.gasCost)
  acc[ARB_IDEAL_PROFIT] = acc[ARB_IDEAL_PROFIT]! + ideal
  acc[ARB_REALISED_PROFIT] = acc[ARB_REALISED_PROFIT]! + realised
  if (capped) acc[CAP_BINDS] = acc[CAP_BINDS]! + 1
}

/**
 * N-token arbitrage: the closed-form optimum over signatures, executed as pairwise swaps on the
 * balances; undone when the realised profit net of external costs does not exceed the gas cost.
 */
function arbitrageStepGeneral(
  e: EngineState,
  prices: Float64Array,
  offset: number,
  time: number,
  step: number,
): void {
  const buyFactor = e.buyFactor
  const sellFactor = e.sellFactor
  const realised = attemptArbitrage(
    e,
    prices,
    offset,
    buyFactor,
    sellFactor,
    e.logBuy,
    e.logSell,
    e.gasCost,
  )
  if (realised === 0) return
  const outcome = e.arbOutcome
  bookSwaps(e, prices, offset, time, step, outcome[1]!, buyFactor, sellFactor, e.arbAgent)
  bookArbitrage(e, realised, outcome[0]!, outcome[2]! !== 0)
}

/**
 * One arbitrageur's attempt on the pool as it stands, with its external-fee factors and gas: the
 * closed-form optimum, executed as pairwise swaps (balances updated, `e.swapLog` filled). When
 * the realised profit net of external costs does not exceed `gas`, the balances are restored and
 * 0 returned. `e.arbOutcome` receives the closed-form profit, the swap count and 1 if a 30 % cap
 * bound.
 * @returns the realised profit net of external costs, before gas (> gas), numeraire; 0 if none
 */
function attemptArbitrage(
  e: EngineState,
  prices: Float64Array,
  offset: number,
  buyFactor: Float64Array,
  sellFactor: Float64Array,
  logBuy: Float64Array,
  logSell: Float64Array,
  gas: number,
): number {
  const n = e.n
  const balances = e.balances
  const ideal = optimalArbitrage(
    n,
    balances,
    e.weights,
    prices,
    offset,
    buyFactor,
    sellFactor,
    logBuy,
    logSell,
    e.gamma,
    e.logGamma,
    e.scratch,
    e.amounts,
  )
  if (!(ideal > gas)) return 0
  const backup = e.backup
  // Stryker disable next-line EqualityOperator: `k <= n` writes backup[n], past the end of the Float64Array: ignored
  for (let k = 0; k < n; k++) backup[k] = balances[k]!
  const swapLog = e.swapLog
  const result = executeArbitrage(
    n,
    balances,
    e.weights,
    e.swapFee,
    e.amounts,
    e.scratch.orderA,
    e.scratch.orderB,
    swapLog,
  )
  // Stryker disable next-line EqualityOperator: result 0 (no swap) taken as capped gives swaps = -1: no loop, realised 0, not above gas >= 0, so 0 is returned either way
  const capped = result < 0
  const swaps = capped ? -result - 1 : result
  let realised = 0
  for (let s = 0; s < swaps; s++) {
    const at = 4 * s
    const tokenIn = swapLog[at]!
    const tokenOut = swapLog[at + 1]!
    realised +=
      swapLog[at + 3]! * prices[offset + tokenOut]! * sellFactor[tokenOut]! -
      swapLog[at + 2]! * prices[offset + tokenIn]! * buyFactor[tokenIn]!
  }
  if (!(realised > gas)) {
    // Stryker disable next-line EqualityOperator: `k <= n` writes balances[n], past the end of the Float64Array: ignored
    for (let k = 0; k < n; k++) balances[k] = backup[k]!
    return 0
  }
  const outcome = e.arbOutcome
  outcome[0] = ideal
  outcome[1] = swaps
  outcome[2] = capped ? 1 : 0
  return realised
}

/**
 * Competing arbitrageurs in one block (docs/order-flow.md, "Competing arbitrageurs"): each one's
 * best trade is evaluated on the same pool state with its own external fee and this step's gas,
 * then undone; the one with the largest profit net of gas wins (ties: the lowest agent index)
 * and trades, the others pay nothing. No winner if no net profit is positive. In a priority
 * auction the winner pays the block builder the runner-up's net profit (second price; 0 when no
 * other arbitrageur had a positive one) and keeps the margin.
 */
function competingArbitrageStep(
  e: EngineState,
  c: CompetingArbitrageurs,
  prices: Float64Array,
  offset: number,
  time: number,
  step: number,
): void {
  const n = e.n
  const balances = e.balances
  const start = c.startBalances
  // Stryker disable next-line EqualityOperator: start[n] is past the Float64Array's end (length n): the write is ignored
  for (let k = 0; k < n; k++) start[k] = balances[k]!
  let winner = -1
  let best = 0
  let second = 0
  for (let j = 0; j < c.count; j++) {
    const gas = c.gasCosts[j]!
    const realised = attemptArbitrage(
      e,
      prices,
      offset,
      c.buyFactors[j]!,
      c.sellFactors[j]!,
      c.logBuys[j]!,
      c.logSells[j]!,
      gas,
    )
    // Stryker disable next-line ConditionalExpression: without a trade the balances are already start's, and net = -gas <= 0 (gas >= 0 is checked) beats neither best nor second (both >= 0)
    if (realised === 0) continue
    // Stryker disable next-line EqualityOperator: balances[n] is past the Float64Array's end: the write is ignored
    for (let k = 0; k < n; k++) balances[k] = start[k]!
    const net = realised - gas
    // Strictly greater: an equal later bid loses the tie but sets the second price.
    if (net > best) {
      second = best
      best = net
      winner = j
      continue
    }
    // Stryker disable next-line EqualityOperator: net = second sets second to the value it has
    if (net > second) second = net
  }
  if (winner < 0) return
  // The winner's trade again, on the same state: the same closed form and swaps, now kept.
  const buyFactor = c.buyFactors[winner]!
  const sellFactor = c.sellFactors[winner]!
  const gas = c.gasCosts[winner]!
  const realised = attemptArbitrage(
    e,
    prices,
    offset,
    buyFactor,
    sellFactor,
    c.logBuys[winner]!,
    c.logSells[winner]!,
    gas,
  )
  const outcome = e.arbOutcome
  const agent = c.agents[winner]!
  const external = bookSwaps(
    e,
    prices,
    offset,
    time,
    step,
    outcome[1]!,
    buyFactor,
    sellFactor,
    agent,
  )
  const priority = c.isAuction ? second : 0
  const acc = e.acc
  acc[ARB_TRADES] = acc[ARB_TRADES]! + 1
  acc[GAS_PAID] = acc[GAS_PAID]! + gas
  acc[ARB_PROFIT] = acc[ARB_PROFIT]! + (realised - gas - priority)
  acc[PRIORITY_FEES] = acc[PRIORITY_FEES]! + priority
  acc[ARB_IDEAL_PROFIT] = acc[ARB_IDEAL_PROFIT]! + outcome[0]!
  acc[ARB_REALISED_PROFIT] = acc[ARB_REALISED_PROFIT]! + realised
  if (outcome[2]! !== 0) acc[CAP_BINDS] = acc[CAP_BINDS]! + 1
  const figures = c.figures
  const at = FIGURE_SIZE * winner
  // Stryker disable next-line ArithmeticOperator: FIGURE_BLOCKS_WON is 0, so at - 0 = at + 0
  figures[at + FIGURE_BLOCKS_WON] = figures[at + FIGURE_BLOCKS_WON]! + 1
  figures[at + FIGURE_PROFIT] = figures[at + FIGURE_PROFIT]! + (realised - gas - priority)
  figures[at + FIGURE_GAS_PAID] = figures[at + FIGURE_GAS_PAID]! + gas
  figures[at + FIGURE_EXTERNAL_FEES] = figures[at + FIGURE_EXTERNAL_FEES]! + external
  figures[at + FIGURE_PRIORITY_FEES] = figures[at + FIGURE_PRIORITY_FEES]! + priority
}

/** This step's gas of the competing arbitrageurs after the first (whose gas is e.gasCost). */
function competitorGasStep(e: EngineState, c: CompetingArbitrageurs, time: number): void {
  const gasCosts = c.gasCosts
  gasCosts[0] = e.gasCost
  // Stryker disable next-line EqualityOperator: gasSources[count] is undefined, so j = count draws nothing
  for (let j = 1; j < c.count; j++) {
    const source = c.gasSources[j]
    if (source !== undefined) gasCosts[j] = nextGas(source, time)
  }
}

/**
 * Books the swaps of an executed arbitrage (in `e.swapLog`): each swap's fee, LVR (the pool's
 * loss before fees), volume and external costs (at the arbitrageur's factors), summed in locals
 * and written once; logged as `agent`'s trades.
 * @returns the external costs of the swaps, numeraire units
 */
function bookSwaps(
  e: EngineState,
  prices: Float64Array,
  offset: number,
  time: number,
  step: number,
  swaps: number,
  buyFactor: Float64Array,
  sellFactor: Float64Array,
  agent: number,
): number {
  const swapLog = e.swapLog
  // Each swap's fee, LVR (the pool's loss before fees: value out less the part of the input that
  // moved the curve), volume and external costs, summed in locals and written once.
  const swapFee = e.swapFee
  const gamma = e.gamma
  const feeUnits = e.feeUnits
  let fees = 0
  let lvr = 0
  let volume = 0
  let externalCosts = 0
  for (let s = 0; s < swaps; s++) {
    const at = 4 * s
    const tokenIn = swapLog[at]!
    const tokenOut = swapLog[at + 1]!
    const amountIn = swapLog[at + 2]!
    const valueIn = amountIn * prices[offset + tokenIn]!
    const valueOut = swapLog[at + 3]! * prices[offset + tokenOut]!
    feeUnits[tokenIn] = feeUnits[tokenIn]! + swapFee * amountIn
    fees += swapFee * valueIn
    lvr += valueOut - gamma * valueIn
    volume += valueIn
    externalCosts += valueIn * (buyFactor[tokenIn]! - 1) + valueOut * (1 - sellFactor[tokenOut]!)
    if (e.tradeLog !== undefined)
      logTrade(
        e.tradeLog,
        time,
        step,
        agent,
        tokenIn,
        tokenOut,
        amountIn,
        swapLog[at + 3]!,
        valueIn,
        swapFee * valueIn,
      )
  }
  const acc = e.acc
  acc[FEE_INCOME] = acc[FEE_INCOME]! + fees
  acc[ARB_FEES] = acc[ARB_FEES]! + fees
  acc[LVR] = acc[LVR]! + lvr
  acc[VOLUME] = acc[VOLUME]! + volume
  acc[TRADES] = acc[TRADES]! + swaps
  acc[EXTERNAL_COSTS] = acc[EXTERNAL_COSTS]! + externalCosts
  return externalCosts
}

/**
 * Noise traders' arrivals up to `time` (seconds from the path start), trader by trader, booked
 * at global step `step`.
 */
function noiseStep(
  e: EngineState,
  time: number,
  prices: Float64Array,
  offset: number,
  step: number,
): void {
  const n = e.n
  const balances = e.balances
  const weights = e.weights
  const acc = e.acc
  const traders = e.noiseRates.length
  // Stryker disable next-line EqualityOperator: j = traders reads noiseNext[traders] (past the Float64Array's end: undefined), and undefined <= time is false: no arrival, and the write back is ignored
  for (let j = 0; j < traders; j++) {
    const draws = e.noiseDraws[j]!
    const rate = e.noiseRates[j]!
    let next = e.noiseNext[j]!
    while (next <= time) {
      next += nextArrivalGap(draws, rate)
      const tokenIn = Math.floor(nextUniform(draws) * n)
      let tokenOut = Math.floor(nextUniform(draws) * (n - 1))
      if (tokenOut >= tokenIn) tokenOut++
      const size = e.noiseMedians[j]! * Math.exp(e.noiseSigmas[j]! * nextStandardNormal(draws))
      const priceIn = prices[offset + tokenIn]!
      const priceOut = prices[offset + tokenOut]!
      const balanceIn = balances[tokenIn]!
      const balanceOut = balances[tokenOut]!
      let amountIn = size / priceIn
      let capped = false
      // Balancer's in-limit is on the amount net of the fee: amountIn (1 - swapFee) <= 30 % of B_in.
      if (e.gamma * amountIn > MAX_RATIO * balanceIn) {
        amountIn = (MAX_RATIO * balanceIn) / e.gamma
        capped = true
      }
      let amountOut = computeOutGivenIn(
        balanceIn,
        weights[tokenIn]!,
        balanceOut,
        weights[tokenOut]!,
        amountIn,
        e.swapFee,
      )
      if (amountOut > MAX_RATIO * balanceOut) {
        amountOut = MAX_RATIO * balanceOut
        amountIn = computeInGivenOut(
          balanceIn,
          weights[tokenIn]!,
          balanceOut,
          weights[tokenOut]!,
          amountOut,
          e.swapFee,
        )
        capped = true
      }
      // Fee-elastic flow: the trade goes to the pool with probability poolShare(cost), its
      // all-in cost as it would execute; one more uniform per arrival, only for these traders.
      const elasticity = e.noiseElasticities[j]!
      if (
        elasticity > 0 &&
        nextUniform(draws) >=
          poolShare(
            1 - (amountOut * priceOut) / (amountIn * priceIn),
            e.noiseOutsideCosts[j]!,
            elasticity,
          )
      ) {
        acc[NOISE_ROUTED_AWAY] = acc[NOISE_ROUTED_AWAY]! + 1
        continue
      }
      balances[tokenIn] = balanceIn + amountIn
      balances[tokenOut] = balanceOut - amountOut
      const notional = amountIn * priceIn
      const fee = e.swapFee * notional
      acc[FEE_INCOME] = acc[FEE_INCOME]! + fee
      acc[NOISE_FEES] = acc[NOISE_FEES]! + fee
      acc[LVR] = acc[LVR]! + (amountOut * priceOut - e.gamma * notional)
      acc[VOLUME] = acc[VOLUME]! + notional
      acc[NOISE_VOLUME] = acc[NOISE_VOLUME]! + notional
      acc[TRADES] = acc[TRADES]! + 1
      acc[NOISE_TRADES] = acc[NOISE_TRADES]! + 1
      if (capped) acc[NOISE_CAP_BINDS] = acc[NOISE_CAP_BINDS]! + 1
      e.feeUnits[tokenIn] = e.feeUnits[tokenIn]! + e.swapFee * amountIn
      if (e.tradeLog !== undefined)
        logTrade(
          e.tradeLog,
          time + e.startTime,
          step,
          e.noiseAgents[j]!,
          tokenIn,
          tokenOut,
          amountIn,
          amountOut,
          notional,
          fee,
        )
    }
    e.noiseNext[j] = next
  }
}

/**
 * Moves the rebalancing vaults (periodic, threshold benchmarks) to this step's prices and
 * rebalances those that are due, recording each one's growth factor for the step.
 */
function vaultsStep(e: EngineState, t: number, prices: Float64Array, offset: number): void {
  const n = e.n
  const holdings = e.benchmarkHoldings
  const values = e.benchmarkValues
  const kinds = e.benchmarks.kinds
  const growth = e.benchmarkGrowth
  const chunk = e.chunkSteps
  const periodicKind = BENCHMARK_PERIODIC
  // Stryker disable next-line EqualityOperator: kinds[kinds.length] is undefined, neither periodic nor threshold: skipped
  for (let b = 0; b < kinds.length; b++) {
    const kind = kinds[b]!
    if (kind !== periodicKind && kind !== BENCHMARK_THRESHOLD) continue
    const at = b * n
    let value = 0
    for (let k = 0; k < n; k++) value += holdings[at + k]! * prices[offset + k]!
    let isDue: boolean
    if (kind === periodicKind) {
      isDue = --e.benchmarkCountdowns[b]! === 0
      if (isDue) e.benchmarkCountdowns[b] = e.benchmarks.everySteps[b]!
    } else
      isDue = isOutsideBand(
        n,
        holdings,
        at,
        prices,
        offset,
        e.weights,
        value,
        e.benchmarks.bands[b]!,
      )
    if (isDue) {
      const fee = rebalanceHoldings(
        n,
        holdings,
        at,
        prices,
        offset,
        e.weights,
        value,
        e.benchmarks.costs[b]!,
      )
      value -= fee
      e.benchmarkCosts[b] = e.benchmarkCosts[b]! + fee
      e.benchmarkRebalances[b] = e.benchmarkRebalances[b]! + 1
    }
    growth[b * chunk + t] = value / values[b]!
    values[b] = value
  }
}

/**
 * After a chunk's steps: per-step log returns of the LP position (annualised volatility), their
 * differences with the constant-mix growth (tracking error), then, benchmark by benchmark, with
 * each benchmark's growth (its tracking error). Kept out of the step loop so the logarithms run in
 * tight loops over the chunk's growth buffers. Accumulates shifted sums (x - K, (x - K)^2, K the
 * first observation): no loop-carried division as in Welford, and exact 0 for a constant series.
 * Hodl benchmarks read the HODL growth buffer; a constant-mix benchmark's gap is the headline
 * tracking gap, copied at the end of the run.
 */
function accumulateReturns(e: EngineState, from: number, count: number): void {
  const acc = e.acc
  const lpGrowth = e.lpGrowth
  const mixGrowth = e.mixGrowth
  const logReturns = e.logReturns
  const isFirst = acc[RETURN_COUNT] === 0
  // The shifts are set by the first call that has returns; a call without any adds nothing and
  // leaves RETURN_COUNT at 0, so the next call sets them again before they are used.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: as true or from <= count, a call with from = count sets shifts no sum uses (see above)
  const hasReturns = from < count
  if (isFirst && hasReturns) {
    const first = logNear1(lpGrowth[from]!)
    acc[RETURN_SHIFT] = first
    acc[TRACKING_SHIFT] = first - logNear1(mixGrowth[from]!)
  }
  const returnShift = acc[RETURN_SHIFT]!
  const trackingShift = acc[TRACKING_SHIFT]!
  let returnSum = acc[RETURN_SUM]!
  let returnSquares = acc[RETURN_SQUARES]!
  let trackingSum = acc[TRACKING_SUM]!
  let trackingSquares = acc[TRACKING_SQUARES]!
  for (let t = from; t < count; t++) {
    const logReturn = logNear1(lpGrowth[t]!)
    logReturns[t] = logReturn
    const x = logReturn - returnShift
    // Stryker disable next-line AssignmentOperator: only the sum's square is read (squaredDeviations), the same for -sum
    returnSum += x
    returnSquares += x * x
    // log(L_t / L_{t-1}) - log(C_t / C_{t-1}).
    const y = logReturn - logNear1(mixGrowth[t]!) - trackingShift
    // Stryker disable next-line AssignmentOperator: only the sum's square is read (squaredDeviations), the same for -sum
    trackingSum += y
    trackingSquares += y * y
  }
  acc[RETURN_COUNT] = acc[RETURN_COUNT]! + (count - from)
  acc[RETURN_SUM] = returnSum
  acc[RETURN_SQUARES] = returnSquares
  acc[TRACKING_SUM] = trackingSum
  acc[TRACKING_SQUARES] = trackingSquares
  const kinds = e.benchmarks.kinds
  const sums = e.benchmarkSums
  const chunk = e.chunkSteps
  const hodlKind = BENCHMARK_HODL
  const mixKind = BENCHMARK_CONSTANT_MIX
  // Stryker disable next-line EqualityOperator: b = kinds.length writes past the end of sums (ignored) after reading past that of the growth buffer
  for (let b = 0; b < kinds.length; b++) {
    const kind = kinds[b]!
    if (kind === mixKind) continue
    const growth = kind === hodlKind ? e.hodlGrowth : e.benchmarkGrowth
    const offset = kind === hodlKind ? 0 : b * chunk
    if (isFirst && hasReturns) sums[3 * b] = logReturns[from]! - logNear1(growth[offset + from]!)
    const shift = sums[3 * b]!
    let sum = sums[3 * b + 1]!
    let squares = sums[3 * b + 2]!
    for (let t = from; t < count; t++) {
      const gap = logReturns[t]! - logNear1(growth[offset + t]!) - shift
      // Stryker disable next-line AssignmentOperator: only the sum's square is read (squaredDeviations), the same for -sum
      sum += gap
      squares += gap * gap
    }
    sums[3 * b + 1] = sum
    sums[3 * b + 2] = squares
  }
}
