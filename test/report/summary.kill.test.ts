/**
 * Tests written to kill the mutants StrykerJS left alive in src/report/summary.ts
 * (docs/mutation.md): the key order of every section (data, warnings, exactCheck, not only
 * metrics and benchmarks) and the conversion of values to JSON, against summary.json text
 * written here by hand from the documented order (docs/metrics.md, docs/exact-math.md).
 */
import { describe, expect, it } from 'vitest'
import { createSummary, formatSummaryJson } from '../../src/report/summary.js'
import type { SimulationResult } from '../../src/sim/engine/types.js'
import { standInResult } from './standIn.js'

/** An object with the same entries in reverse insertion order. */
function reversed<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).reverse()) as T
}

describe('summary.json sections beyond metrics', () => {
  it('orders data, warnings and exactCheck as documented, whatever order the engine used', () => {
    const base = standInResult()
    const result = {
      ...base,
      metrics: { lpValue: 1 },
      benchmarks: {},
      data: reversed({
        role: 'path',
        gridOrigin: 'epoch',
        step: 60,
        maxGap: 3_600,
        jumpMultiple: 8,
        jumpFloor: 0.05,
        tokens: [{ symbol: 'ETH', z: 1, a: 2 }],
        zeta: 1,
        alpha: 2,
      }),
      warnings: [reversed({ code: 'W', message: 'm', step: 3, time: 180, token: 'ETH', extra: 1 })],
      exactCheck: reversed({
        math: 'exact-v3',
        decimals: [18, 6],
        swapFee: 0.003,
        balancesRaw: ['1', '2'],
        trades: 4,
        shrunk: 0,
        skipped: 1,
        reverts: { b: 1, a: 2 },
        amountOut: { count: 4, maxAbs: 1e-7, rms: 2e-8 },
        balances: { count: 4, maxAbs: 0, rms: 0 },
        value: { count: 2, maxAbs: 3e-9, rms: 1e-9 },
      }),
    } as unknown as SimulationResult
    const text = formatSummaryJson(createSummary(result, 's', 1, 'v'))
    // Hand-written: the documented order first, other keys after it sorted by name; inside a
    // nested object (a token's notes, reverts, error statistics) the engine's own order.
    expect(text).toBe(
      [
        '{',
        '  "scenario": "s",',
        '  "seed": 1,',
        '  "version": "v",',
        '  "metrics": {',
        '    "lpValue": 1',
        '  },',
        '  "benchmarks": {},',
        '  "data": {',
        '    "role": "path",',
        '    "gridOrigin": "epoch",',
        '    "step": 60,',
        '    "maxGap": 3600,',
        '    "jumpMultiple": 8,',
        '    "jumpFloor": 0.05,',
        '    "tokens": [',
        '      {',
        '        "symbol": "ETH",',
        '        "z": 1,',
        '        "a": 2',
        '      }',
        '    ],',
        '    "alpha": 2,',
        '    "zeta": 1',
        '  },',
        '  "warnings": [',
        '    {',
        '      "code": "W",',
        '      "message": "m",',
        '      "step": 3,',
        '      "time": 180,',
        '      "token": "ETH",',
        '      "extra": 1',
        '    }',
        '  ],',
        '  "exactCheck": {',
        '    "math": "exact-v3",',
        '    "decimals": [',
        '      18,',
        '      6',
        '    ],',
        '    "swapFee": 0.003,',
        '    "balancesRaw": [',
        '      "1",',
        '      "2"',
        '    ],',
        '    "trades": 4,',
        '    "shrunk": 0,',
        '    "skipped": 1,',
        '    "reverts": {',
        '      "b": 1,',
        '      "a": 2',
        '    },',
        '    "amountOut": {',
        '      "count": 4,',
        '      "maxAbs": 1e-7,',
        '      "rms": 2e-8',
        '    },',
        '    "balances": {',
        '      "count": 4,',
        '      "maxAbs": 0,',
        '      "rms": 0',
        '    },',
        '    "value": {',
        '      "count": 2,',
        '      "maxAbs": 3e-9,',
        '      "rms": 1e-9',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    )
  })

  it('writes typed arrays as arrays, non-finite and missing values as null, booleans as they are', () => {
    const base = standInResult()
    const result = {
      ...base,
      metrics: {
        lpValue: Number.POSITIVE_INFINITY,
        hodlValue: undefined,
        returnVsHodl: Float64Array.from([1.5, Number.NaN]),
        impermanentLoss: [true, 'x', null, -0.25],
        feeIncome: () => 1,
      },
      benchmarks: {},
      warnings: [],
    } as unknown as SimulationResult
    const summary = createSummary(result, 's', 1, 'v')
    expect(summary.metrics).toEqual({
      lpValue: null,
      hodlValue: null,
      returnVsHodl: [1.5, null],
      impermanentLoss: [true, 'x', null, -0.25],
      feeIncome: null,
    })
    expect(Object.keys(summary)).toEqual([
      'scenario',
      'seed',
      'version',
      'metrics',
      'benchmarks',
      'warnings',
    ])
  })
})
