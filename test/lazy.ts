/**
 * A value several tests of a file share (a simulation, a long price path), computed on first
 * use inside a test instead of while the file loads.
 *
 * Why: StrykerJS's per-test coverage (`npm run mutation`, docs/mutation.md) records which test
 * reaches which mutant. Work done while a file loads (a `describe` body, module level,
 * `beforeAll`) belongs to no test, so every mutant it reaches is "static" and runs every test.
 *
 * During Stryker's coverage run (it sets `__stryker__.currentTestId` around each test) the value
 * is computed again for each test that asks, so every test reading it is recorded as reaching
 * the code behind it, and a mutant there runs all of them, not just the first. Everywhere else
 * (`npm test`, a mutant's run) it is computed once. The value must not depend on anything but
 * the code: the runs are deterministic (fixed seeds), so each computation gives the same value.
 * @param make - computes the value
 * @returns a getter: the value, computed on its first call
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T; testId: string | undefined } | undefined
  return () => {
    const testId = strykerTestId()
    if (made === undefined || made.testId !== testId) made = { value: make(), testId }
    return made.value
  }
}

/** The test Stryker's coverage run is in, or undefined outside it. */
function strykerTestId(): string | undefined {
  const stryker = (globalThis as { __stryker__?: { currentTestId?: string } }).__stryker__
  return stryker?.currentTestId
}
