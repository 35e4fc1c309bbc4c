/**
 * Writes schema/scenario.schema.json from the zod definition (`npx tsx scripts/schema.ts`), or
 * with `--check` exits 1 when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { scenarioJsonSchemaText } from '../src/sim/scenario/schema.js'

const file = new URL('../schema/scenario.schema.json', import.meta.url)
const text = scenarioJsonSchemaText()
if (process.argv.includes('--check')) {
  let committed = ''
  try {
    committed = readFileSync(file, 'utf8')
  } catch {
    // a missing file is out of date too
  }
  if (committed !== text) {
    console.error('schema/scenario.schema.json is out of date: run npx tsx scripts/schema.ts')
    process.exitCode = 1
  }
} else {
  writeFileSync(file, text)
  console.log(`wrote ${file.pathname}`)
}
