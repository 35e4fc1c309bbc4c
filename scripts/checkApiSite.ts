/**
 * Checks the TypeDoc site in out/docs (`npm run docs` runs this after typedoc): every name
 * src/index.ts exports, values and types alike, has its own page and a link from the site's
 * index. The names come from the TypeScript compiler, not from TypeDoc, so a name TypeDoc drops
 * fails here. Exits 1 listing the missing names. `--dir <folder>` checks another site folder.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname, '..')
const dirFlag = process.argv.indexOf('--dir')
const site = path.resolve(dirFlag >= 0 ? process.argv[dirFlag + 1]! : path.join(root, 'out/docs'))

/**
 * Every name the module exports (values and types), as the compiler sees it.
 * @param entry - absolute path of the entry file
 * @returns the names, sorted
 */
export function exportedNames(entry: string): string[] {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(entry)
  if (source === undefined) throw new Error(`unreachable: ${entry} is the program's root`)
  const module = checker.getSymbolAtLocation(source)
  if (module === undefined) throw new Error(`${entry} has no exports`)
  return checker
    .getExportsOfModule(module)
    .map((s) => s.name)
    .sort()
}

const KINDS = ['classes', 'functions', 'interfaces', 'types', 'variables', 'enums']
const index = readFileSync(path.join(site, 'index.html'), 'utf8')
const names = exportedNames(path.join(root, 'src/index.ts'))
const missing = names.filter((name) => {
  const pages = KINDS.map((kind) => `${kind}/${name}.html`)
  return !pages.some(
    (page) => existsSync(path.join(site, page)) && index.includes(`href="${page}"`),
  )
})
if (missing.length > 0) {
  console.error(`${site}: no page linked from index.html for ${missing.length} exported name(s):`)
  for (const name of missing) console.error(`  ${name}`)
  process.exitCode = 1
} else {
  console.log(`${site}: all ${names.length} exported names have a page`)
}
