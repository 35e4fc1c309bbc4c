/**
 * Chunk-sized scratch buffers reused from one run to the next on the same thread. A sweep runs
 * thousands of short runs; allocating each run's half-megabyte of chunk buffers afresh made the
 * garbage collector's background threads busy enough to take a large share of a second core,
 * which a sweep on two workers does not have to spare (docs/performance.md). Buffers come back
 * zeroed, exactly as `new Float64Array(length)` would give them, so reuse changes no figure.
 */

/** Buffers kept per length: enough for a run and a nested one (a counterfactual), few MB at most. */
const MAX_FREE_PER_LENGTH = 32

const free = new Map<number, Float64Array[]>()

/**
 * A zeroed buffer of `length` elements: a released one when there is one, else a new one.
 * @param length - elements
 * @returns a zero-filled Float64Array the caller owns until it releases it
 */
export function takeBuffer(length: number): Float64Array {
  const buffer = free.get(length)?.pop()
  if (buffer === undefined) return new Float64Array(length)
  buffer.fill(0)
  return buffer
}

/**
 * Gives buffers back for later runs; the caller must not use them afterwards.
 * @param buffers - buffers from {@link takeBuffer} (or any), each given back once
 */
export function releaseBuffers(buffers: readonly Float64Array[]): void {
  for (const buffer of buffers) {
    let list = free.get(buffer.length)
    if (list === undefined) free.set(buffer.length, (list = []))
    if (list.length < MAX_FREE_PER_LENGTH) list.push(buffer)
  }
}
