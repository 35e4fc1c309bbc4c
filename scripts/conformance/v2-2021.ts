/**
 * Conformance adapter for first-generation Balancer V2 weighted pools (`balancer-v2-2021`,
 * `v2-2021-weighted-vectors.json`), running `src/pool/exact/v2-2021/`.
 */
import * as v2021 from '../../src/pool/exact/v2-2021/pool.js'
import type { ConformanceAdapter } from './types.js'
import { v2Adapter } from './v2.js'

/** Adapters of this module: V2 pools of 2021. */
export const adapters: readonly ConformanceAdapter[] = [v2Adapter('balancer-v2-2021', v2021)]
