/**
 * Tests written to kill the mutants StrykerJS left alive in src/sim/prices/synthetic/correlation.ts
 * (docs/mutation.md): the validation's messages and tolerances at their edges, eigenvalues with
 * closed forms, and the Cholesky factor against L Lᵀ = C worked out by hand.
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import {
  correlationFactor,
  validateCorrelation,
} from '../../../../src/sim/prices/synthetic/correlation.js'

/** validateCorrelation over tokens A, B (, C …) at path `c`, with its argument typed loosely. */
function validate(matrix: unknown, labels = ['A', 'B']): number {
  return validateCorrelation(matrix as number[][], labels, 'c')
}

describe('validateCorrelation: shapes', () => {
  it('names what it found instead of a matrix', () => {
    expect(() => validate('[[1]]')).toThrow('c: expected a 2 x 2 matrix over [A, B], found string')
    expect(() => validate(null)).toThrow('c: expected a 2 x 2 matrix over [A, B], found object')
    expect(() =>
      validate([
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toThrow('c: expected a 2 x 2 matrix over [A, B], found 3 rows')
  })

  it('names the row that is not a row of n numbers', () => {
    const bad = (row: unknown) => () => validate([[1, 0], row])
    expect(bad(0.5)).toThrow('c[1]: expected a row of 2 numbers, found number')
    expect(bad([0, 1, 0])).toThrow('c[1]: expected a row of 2 numbers, found 3 entries')
    expect(bad([0])).toThrow('c[1]: expected a row of 2 numbers, found 1 entries')
    expect(bad([0])).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
    expect(() => validate([[1], [0, 1]])).toThrow(
      'c[0]: expected a row of 2 numbers, found 1 entries',
    )
  })

  it('names the entry that is not a finite number', () => {
    expect(() =>
      validate([
        [1, '0.5'],
        [0.5, 1],
      ]),
    ).toThrow('c[0][1]: expected a finite number, found "0.5"')
    expect(() =>
      validate([
        [1, 0.5],
        [0.5, Infinity],
      ]),
    ).toThrow('c[1][1]: expected a finite number, found null')
    expect(() =>
      validate([
        [1, 0.5],
        [0.5, Infinity],
      ]),
    ).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }))
  })
})

describe('validateCorrelation: tolerances', () => {
  it('accepts entries 1e-9 away from symmetry or a unit diagonal, and no further', () => {
    // 1e-9 - 0 is exactly the tolerance: "differ by this much" is allowed
    expect(
      validate([
        [1, 0],
        [1e-9, 1],
      ]),
    ).toBeGreaterThan(0.99)
    expect(() =>
      validate([
        [1, 0],
        [1.5e-9, 1],
      ]),
    ).toThrow(expect.objectContaining({ code: 'NOT_PSD' }))
    // 1 + 2^-30 (9.3e-10 off) passes; 1 + 2^-29 (1.9e-9 off) does not, nor 1 - 2^-29
    expect(
      validate([
        [1 + 2 ** -30, 0],
        [0, 1],
      ]),
    ).toBeGreaterThan(0.99)
    expect(() =>
      validate([
        [1 + 2 ** -29, 0],
        [0, 1],
      ]),
    ).toThrow('c[0][0]: not a correlation matrix: expected 1 on the diagonal (A with itself)')
    expect(() =>
      validate([
        [1, 0],
        [0, 1 - 2 ** -29],
      ]),
    ).toThrow('c[1][1]: not a correlation matrix: expected 1 on the diagonal (B with itself)')
  })

  it('checks every diagonal entry and every pair below it, in any position', () => {
    const labels = ['A', 'B', 'C']
    const identity = () => [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]
    const withEntry = (i: number, j: number, value: number) => {
      const m = identity()
      m[i]![j] = value
      return m
    }
    for (let i = 0; i < 3; i++)
      expect(() => validate(withEntry(i, i, 0.5), labels)).toThrow(`c[${i}][${i}]: not a`)
    for (const [i, j] of [
      [1, 0],
      [2, 0],
      [2, 1],
    ] as const) {
      expect(() => validate(withEntry(i, j, 0.5), labels)).toThrow(`c[${i}][${j}]: not symmetric`)
      // written above the diagonal: still reported at [i][j] below it
      expect(() => validate(withEntry(j, i, 0.5), labels)).toThrow(`c[${i}][${j}]: not symmetric`)
    }
  })

  it('accepts correlations of exactly 1 and -1 (singular, smallest eigenvalue 0)', () => {
    expect(
      Math.abs(
        validate([
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeLessThan(1e-15)
    expect(
      Math.abs(
        validate([
          [1, -1],
          [-1, 1],
        ]),
      ),
    ).toBeLessThan(1e-15)
    // rank 1 in three dimensions: eigenvalues 3, 0, 0
    const labels = ['A', 'B', 'C']
    const rankOne = [
      [1, 1, -1],
      [1, 1, -1],
      [-1, -1, 1],
    ]
    expect(Math.abs(validate(rankOne, labels))).toBeLessThan(1e-12)
  })

  it('rejects an entry beyond [-1, 1] even where the matrix would be symmetric', () => {
    expect(() =>
      validate([
        [1, 1 + 2 ** -52],
        [1 + 2 ** -52, 1],
      ]),
    ).toThrow('c[1][0]: expected a correlation in [-1, 1] for B/A')
  })

  it('rejects an indefinite matrix whose smallest eigenvalue is -1e-6', () => {
    // [[1, r], [r, 1]] has eigenvalues 1 ± r; equal correlations r in 3 x 3 give 1 + 2r and
    // 1 - r (twice): r = -0.5 - 5e-7 makes 1 + 2r = -1e-6, past the -1e-10 tolerance
    const r = -0.5 - 5e-7
    const m = [
      [1, r, r],
      [r, 1, r],
      [r, r, 1],
    ]
    let thrown: unknown
    try {
      validate(m, ['A', 'B', 'C'])
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    const error = thrown as InputError
    expect(error.code).toBe('NOT_PSD')
    // fmt prints 6 significant digits: -1e-6 to them
    expect(error.message).toBe('c: not positive semi-definite: smallest eigenvalue -1e-6 < 0')
    expect(error.values.eigenvalue as number).toBeCloseTo(-1e-6, 12)
  })
})

describe('validateCorrelation: what a refusal carries for programs', () => {
  /** The InputError validateCorrelation throws for `matrix` over A, B. */
  function refusal(matrix: number[][]): InputError {
    try {
      validate(matrix)
    } catch (error) {
      if (error instanceof InputError) return error
      throw error
    }
    return expect.fail('no error')
  }

  it('NOT_PSD with the entry and its value(s): diagonal, asymmetry, range', () => {
    const diagonal = refusal([
      [1, 0],
      [0, 0.9],
    ])
    expect(diagonal.code).toBe('NOT_PSD')
    expect(diagonal.values).toEqual({ entry: [1, 1], value: 0.9 })
    const asymmetric = refusal([
      [1, 0.5],
      [0.4, 1],
    ])
    expect(asymmetric.code).toBe('NOT_PSD')
    expect(asymmetric.values).toEqual({ entry: [1, 0], value: 0.4, transposed: 0.5 })
    const range = refusal([
      [1, -1.5],
      [-1.5, 1],
    ])
    expect(range.code).toBe('NOT_PSD')
    expect(range.values).toEqual({ entry: [1, 0], value: -1.5 })
    expect(range.where).toEqual({ path: 'c[1][0]' })
  })
})

describe('validateCorrelation: the smallest eigenvalue (closed forms)', () => {
  it('is 1 - |r| for two assets', () => {
    for (const r of [0.5, -0.5, 0.9, -0.3, 0.999])
      expect(
        validate([
          [1, r],
          [r, 1],
        ]),
      ).toBeCloseTo(1 - Math.abs(r), 14)
  })

  it('is min(1 + 2r, 1 - r) for three equal correlations r', () => {
    const labels = ['A', 'B', 'C']
    for (const r of [0.4, -0.4, 0.9, -0.45]) {
      const m = [
        [1, r, r],
        [r, 1, r],
        [r, r, 1],
      ]
      expect(validate(m, labels)).toBeCloseTo(Math.min(1 + 2 * r, 1 - r), 13)
    }
  })

  it('handles zero entries between equal diagonals (a rotation angle of 0 / 0)', () => {
    // A and C correlate by r, B is independent: eigenvalues 1 - r, 1, 1 + r
    for (const r of [0.5, -0.5]) {
      const m = [
        [1, 0, r],
        [0, 1, 0],
        [r, 0, 1],
      ]
      expect(validate(m, ['A', 'B', 'C'])).toBeCloseTo(0.5, 14)
    }
    // B and C correlate after a zero pair in the first position
    const m = [
      [1, 0, 0],
      [0, 1, 0.8],
      [0, 0.8, 1],
    ]
    expect(validate(m, ['A', 'B', 'C'])).toBeCloseTo(0.2, 14)
  })

  it('finds an eigenvalue that needs several sweeps (4 x 4, all pairs correlated)', () => {
    // the 4 x 4 matrix with correlation r between every pair: 1 + 3r and 1 - r (three times)
    const r = 0.3
    const m = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 4 }, (_, j) => (i === j ? 1 : r)),
    )
    expect(validate(m, ['A', 'B', 'C', 'D'])).toBeCloseTo(0.7, 14)
    const neg = m.map((row) => row.map((x) => (x === 1 ? 1 : -r)))
    expect(validate(neg, ['A', 'B', 'C', 'D'])).toBeCloseTo(1 - 3 * r, 14)
    // a tridiagonal one: eigenvalues 1 + 2 r cos(k pi / 5), k = 1..4
    const t = 0.45
    const tri = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 4 }, (_, j) => (i === j ? 1 : Math.abs(i - j) === 1 ? t : 0)),
    )
    expect(validate(tri, ['A', 'B', 'C', 'D'])).toBeCloseTo(
      1 + 2 * t * Math.cos((4 * Math.PI) / 5),
      13,
    )
  })

  it('is 1 for a single asset and for none', () => {
    expect(validate([[1]], ['A'])).toBe(1)
    expect(validate([], [])).toBe(1)
  })
})

describe('correlationFactor: Cholesky by hand', () => {
  it('two assets: [[1, 0], [r, sqrt(1 - r^2)]], bit for bit', () => {
    for (const r of [0.5, -0.7, 0.9]) {
      const factor = Array.from(
        correlationFactor([
          [1, r],
          [r, 1],
        ]),
      )
      expect(factor).toEqual([1, 0, r, Math.sqrt(1 - r * r)])
    }
  })

  it('three assets: each entry from the formulas L_ij = (C_ij - sum_k L_ik L_jk) / L_jj', () => {
    const [a, b, c] = [0.5, 0.3, -0.2]
    const l11 = Math.sqrt(1 - a * a)
    const l21 = (c - b * a) / l11
    const l22 = Math.sqrt(1 - b * b - l21 * l21)
    const factor = Array.from(
      correlationFactor([
        [1, a, b],
        [a, 1, c],
        [b, c, 1],
      ]),
    )
    expect(factor).toEqual([1, 0, 0, a, l11, 0, b, l21, l22])
  })

  it('drops a pivot of exactly 2^-34, keeps one just above it', () => {
    // r = 1 - 2^-35: r^2 rounds to 1 - 2^-34, so the second pivot is 2^-34 exactly
    const r = 1 - 2 ** -35
    expect(1 - r * r).toBe(2 ** -34)
    expect(
      Array.from(
        correlationFactor([
          [1, r],
          [r, 1],
        ]),
      ),
    ).toEqual([1, 0, r, 0])
    // r = 1 - 2^-34: pivot 1 - r^2 = 2^-33 - 2^-68 (rounded to 2^-33) is kept
    const s = 1 - 2 ** -34
    expect(
      Array.from(
        correlationFactor([
          [1, s],
          [s, 1],
        ]),
      ),
    ).toEqual([1, 0, s, Math.sqrt(1 - s * s)])
    expect(Math.sqrt(1 - s * s)).toBeGreaterThan(0)
  })

  it('a dependent column leaves later columns computed from the independent ones', () => {
    // B = A (column 1 dependent), C correlates 0.5 with both: L = [[1], [1, 0], [0.5, 0, sqrt(0.75)]]
    const factor = Array.from(
      correlationFactor([
        [1, 1, 0.5],
        [1, 1, 0.5],
        [0.5, 0.5, 1],
      ]),
    )
    expect(factor).toEqual([1, 0, 0, 1, 0, 0, 0.5, 0, Math.sqrt(0.75)])
  })

  it('is empty for no assets and [1] for one', () => {
    expect(Array.from(correlationFactor([]))).toEqual([])
    expect(Array.from(correlationFactor([[1]]))).toEqual([1])
  })
})
