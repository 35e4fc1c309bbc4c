/**
 * Correlation matrices for the Gaussian parts of synthetic models: validation (symmetric, unit
 * diagonal, positive semi-definite, with the reason when not) and a factor L with L Lᵀ = C that
 * also works for singular matrices (perfectly correlated assets). Runs once per source, never in
 * the hot path.
 */
import { InputError, fmt } from '../../../errors.js'

/** Entries may differ from symmetry or a unit diagonal by this much (rounding in user files). */
const ENTRY_TOLERANCE = 1e-9
/** Smallest eigenvalue accepted: rounding of a singular matrix's entries shows as about -1e-16. */
const EIGEN_TOLERANCE = 1e-10
/** Jacobi sweeps until the off-diagonal mass is negligible; 50 is far beyond what n <= 8 needs. */
const MAX_JACOBI_SWEEPS = 50

/**
 * Checks a correlation matrix and returns its smallest eigenvalue.
 * @param matrix - n x n, rows and columns in the order of `labels`
 * @param labels - token symbols naming rows and columns in messages
 * @param path - JSON path of the matrix in the input (e.g. `prices.correlation`)
 * @returns the smallest eigenvalue (>= -1e-10)
 * @throws {InputError} `BAD_PARAMETER` for a wrong shape or a non-finite entry; `NOT_PSD` for an
 * asymmetric matrix, a diagonal entry other than 1, an entry outside [-1, 1] or a negative
 * eigenvalue, naming the entry or the eigenvalue
 * @example validateCorrelation([[1, 0.5], [0.5, 1]], ['ETH', 'BTC'], 'prices.correlation') // 0.5
 */
export function validateCorrelation(
  matrix: readonly (readonly number[])[],
  labels: readonly string[],
  path: string,
): number {
  const n = labels.length
  const rows: unknown = matrix // user data: check the shape before trusting the type
  if (!Array.isArray(rows) || rows.length !== n)
    throw new InputError(
      'BAD_PARAMETER',
      { path },
      `expected a ${n} x ${n} matrix over [${labels.join(', ')}], found ${Array.isArray(rows) ? `${rows.length} rows` : typeof rows}`,
    )
  for (let i = 0; i < n; i++) {
    const row: unknown = rows[i]
    if (!Array.isArray(row) || row.length !== n)
      throw new InputError(
        'BAD_PARAMETER',
        { path: `${path}[${i}]` },
        `expected a row of ${n} numbers, found ${Array.isArray(row) ? `${row.length} entries` : typeof row}`,
      )
    for (let j = 0; j < n; j++) {
      const entry: unknown = row[j]
      // Stryker disable next-line ConditionalExpression: Number.isFinite is false for every non-number, so the typeof test only narrows the type (forced true, killed, is hidden too)
      if (typeof entry !== 'number' || !Number.isFinite(entry))
        throw new InputError(
          'BAD_PARAMETER',
          { path: `${path}[${i}][${j}]` },
          `expected a finite number, found ${JSON.stringify(entry)}`,
        )
    }
  }
  for (let i = 0; i < n; i++) {
    const diagonal = matrix[i]![i]!
    // Stryker disable next-line EqualityOperator: `>=` differs only at |d - 1| = 1e-9 exactly, which no double d reaches (d - 1 is exact near 1, a multiple of 2^-53; 1e-9 is not)
    if (Math.abs(diagonal - 1) > ENTRY_TOLERANCE)
      throw new InputError(
        'NOT_PSD',
        { path: `${path}[${i}][${i}]` },
        `not a correlation matrix: expected 1 on the diagonal (${labels[i]!} with itself), found ${fmt(diagonal)}`,
        { entry: [i, i], value: diagonal },
      )
    for (let j = 0; j < i; j++) {
      const lower = matrix[i]![j]!
      const upper = matrix[j]![i]!
      if (Math.abs(lower - upper) > ENTRY_TOLERANCE)
        throw new InputError(
          'NOT_PSD',
          { path: `${path}[${i}][${j}]` },
          `not symmetric: ${labels[i]!}/${labels[j]!} is ${fmt(lower)} but [${j}][${i}] is ${fmt(upper)}`,
          { entry: [i, j], value: lower, transposed: upper },
        )
      if (Math.abs(lower) > 1)
        throw new InputError(
          'NOT_PSD',
          { path: `${path}[${i}][${j}]` },
          `expected a correlation in [-1, 1] for ${labels[i]!}/${labels[j]!}, found ${fmt(lower)}`,
          { entry: [i, j], value: lower },
        )
    }
  }
  const smallest = smallestEigenvalue(matrix)
  if (smallest < -EIGEN_TOLERANCE)
    throw new InputError(
      'NOT_PSD',
      { path },
      `not positive semi-definite: smallest eigenvalue ${fmt(smallest)} < 0`,
      { eigenvalue: smallest },
    )
  return smallest
}

/** Pivots at or below this are rounding of a dependent column: 2^-34, about eps^(2/3). */
const DEPENDENT_PIVOT = 2 ** -34

/**
 * A lower-triangular factor L with L Lᵀ = C for a valid (possibly singular) correlation matrix:
 * Cholesky where a pivot at or below {@link DEPENDENT_PIVOT} marks a dependent column, which is
 * set to zero (its asset is a combination of the earlier ones). Assumes {@link validateCorrelation}
 * passed. Accuracy: dropping a pivot p <= t leaves out entries of at most sqrt(t) (Cauchy-Schwarz
 * on the Schur complement); keeping a pivot p > t carries its rounding, about n eps, into later
 * entries as n eps / t. t = 2^-34 ~ eps^(2/3) balances the two: |L Lt - C| stays below ~3e-5
 * even for nearly singular matrices, and at rounding level for well-conditioned ones.
 * @param matrix - n x n correlation matrix
 * @returns L row-major in a Float64Array of n * n
 */
export function correlationFactor(matrix: readonly (readonly number[])[]): Float64Array {
  const n = matrix.length
  const factor = new Float64Array(n * n)
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j]![j]!
    // Stryker disable next-line EqualityOperator: `k <= j` also subtracts L[j][j]^2, which is still 0 here (`k >= j`, an endless loop, is hidden too)
    for (let k = 0; k < j; k++) pivot -= factor[j * n + k]! ** 2
    if (pivot <= DEPENDENT_PIVOT) continue // dependent column: L[.][j] stays 0
    const diagonal = Math.sqrt(pivot)
    factor[j * n + j] = diagonal
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i]![j]!
      // Stryker disable next-line EqualityOperator: `k <= j` also subtracts L[i][j] L[j][j], and L[i][j] is still 0 here (`k >= j`, an endless loop, is hidden too)
      for (let k = 0; k < j; k++) sum -= factor[i * n + k]! * factor[j * n + k]!
      factor[i * n + j] = sum / diagonal
    }
  }
  return factor
}

/** Smallest eigenvalue of a symmetric matrix by cyclic Jacobi rotations (Golub and Van Loan 8.5). */
function smallestEigenvalue(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length
  if (n === 0) return 1
  const a = matrix.map((row) => row.slice())
  for (let sweep = 0; sweep < MAX_JACOBI_SWEEPS; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2
    if (off < 1e-30) break
    // Stryker disable next-line EqualityOperator: `p <= n` adds a pass with p = n whose inner loop (q from n + 1) is empty
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!
        if (apq === 0) continue
        // Rotation angle that zeroes a[p][q]: t = tan(theta), the smaller root for stability.
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!
          const akq = a[k]![q]!
          a[k]![p] = c * akp - s * akq
          a[k]![q] = s * akp + c * akq
        }
        // Stryker disable next-line EqualityOperator: `k <= n` writes NaN into a[p][n] and a[q][n], past the n columns every other loop reads
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!
          const aqk = a[q]![k]!
          a[p]![k] = c * apk - s * aqk
          a[q]![k] = s * apk + c * aqk
        }
      }
  }
  let smallest = Infinity
  for (let i = 0; i < n; i++) smallest = Math.min(smallest, a[i]![i]!)
  return smallest
}
