import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * House style section 1: imports point down only, `cli -> index.ts -> report -> sim -> pool ->
 * errors.ts`, no cycles, and in sim/ only the CSV importers, the scenario and the replay loaders touch the
 * file system. These tests read the source as text, so they fail on the first upward import.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src')

/** Layer rank of a file under src/: a file may import files of its own rank or lower. */
function layerOf(file: string): number {
  const rel = relative(SRC, file).split(sep).join('/')
  if (rel === 'errors.ts') return 0
  if (rel.startsWith('pool/')) return 1
  if (rel.startsWith('sim/')) return 2
  if (rel.startsWith('report/')) return 3
  if (rel === 'index.ts') return 4
  if (rel.startsWith('cli/')) return 5
  throw new Error(`file outside the known layers: src/${rel}`)
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listSources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Module specifiers of static and dynamic imports and re-exports. */
function importsOf(text: string): string[] {
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
  return [...text.matchAll(pattern)].map((m) => m[1] ?? m[2]!).filter(Boolean)
}

/** Resolves a relative `.js` specifier to the `.ts` source it names. */
function resolveLocal(from: string, spec: string): string {
  return resolve(dirname(from), spec).replace(/\.js$/, '.ts')
}

const files = listSources(SRC)
const graph = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8')
    return [file, { text, specs: importsOf(text) }] as const
  }),
)
const rel = (file: string) => relative(SRC, file).split(sep).join('/')

describe('architecture', () => {
  it('finds the source files and their imports', () => {
    // Guards the checks below against passing vacuously on an empty or mis-parsed tree.
    expect(files.length).toBeGreaterThan(5)
    expect(graph.get(join(SRC, 'sim/prices/path.ts'))?.specs).toContain('../../errors.js')
  })

  it('imports point down the layers only', () => {
    const upward: string[] = []
    for (const [file, { specs }] of graph) {
      for (const spec of specs.filter((s) => s.startsWith('.'))) {
        const target = resolveLocal(file, spec)
        if (layerOf(target) > layerOf(file)) upward.push(`${rel(file)} -> ${rel(target)}`)
      }
    }
    expect(upward).toEqual([])
  })

  it('the CLI reaches the library only through src/index.ts', () => {
    const bypass: string[] = []
    for (const [file, { specs }] of graph) {
      if (!rel(file).startsWith('cli/')) continue
      for (const spec of specs.filter((s) => s.startsWith('.'))) {
        const target = rel(resolveLocal(file, spec))
        if (target !== 'index.ts' && !target.startsWith('cli/'))
          bypass.push(`${rel(file)} -> ${target}`)
      }
    }
    expect(bypass).toEqual([])
  })

  it('has no import cycles', () => {
    const state = new Map<string, 'open' | 'done'>()
    const cycles: string[] = []
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' -> '))
        return
      }
      state.set(file, 'open')
      const node = graph.get(file)
      for (const spec of node?.specs.filter((s) => s.startsWith('.')) ?? [])
        visit(resolveLocal(file, spec), [...trail, file])
      state.set(file, 'done')
    }
    for (const file of files) visit(file, [])
    expect(cycles).toEqual([])
  })

  it('pool math does no I/O, reads no clock and draws no random numbers', () => {
    const offenders = [...graph]
      .filter(([file]) => layerOf(file) === 1)
      .filter(
        ([, { text, specs }]) =>
          specs.some((s) => s.startsWith('node:')) ||
          /Math\.random|Date\.now|new Date\(/.test(text),
      )
      .map(([file]) => rel(file))
    expect(offenders).toEqual([])
  })

  it('in sim/ only the CSV importers, the scenario and the replay loaders touch the file system', () => {
    const fsModules = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises']
    const offenders = [...graph]
      .filter(([file]) => rel(file).startsWith('sim/'))
      .filter(
        ([file]) => !/^sim\/(prices\/csv\/|scenario\/load\.ts$|replay\/load\.ts$)/.test(rel(file)),
      )
      .filter(([, { specs }]) => specs.some((s) => fsModules.includes(s)))
      .map(([file]) => rel(file))
    expect(offenders).toEqual([])
  })

  it('no Math.random or Date.now outside the CLI (house style 8: one seeded generator)', () => {
    const offenders = [...graph]
      .filter(([file]) => !rel(file).startsWith('cli/'))
      .filter(([, { text }]) => /Math\.random\(|Date\.now\(/.test(text))
      .map(([file]) => rel(file))
    expect(offenders).toEqual([])
  })
})

describe('sweep worker start-up', () => {
  /** Specifiers of static value imports and re-exports (not `import type`, not `import()`). */
  const staticImportsOf = (text: string): string[] =>
    [
      ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1]!)

  it('loads neither the scenario schema nor zod on a worker thread (static imports)', () => {
    // A worker thread's start-up is on every sweep's critical path; its cells arrive validated
    // (primeCells), so the validator and zod (about 0.25 s of CPU to load) stay unloaded.
    const reached = new Set<string>()
    const packages = new Set<string>()
    const visit = (file: string): void => {
      if (reached.has(file)) return
      reached.add(file)
      for (const spec of staticImportsOf(graph.get(file)!.text))
        if (spec.startsWith('.')) visit(resolveLocal(file, spec))
        else packages.add(spec)
    }
    visit(join(SRC, 'sim/sweep/sweepWorker.ts'))
    const names = [...reached].map(rel)
    expect(names).toContain('sim/engine/runSimulation.ts')
    expect(names.filter((n) => n.startsWith('sim/scenario/'))).not.toContain(
      'sim/scenario/schema.ts',
    )
    expect(names).not.toContain('sim/scenario/validate.ts')
    expect([...packages]).not.toContain('zod')
  })
})
