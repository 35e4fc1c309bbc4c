/**
 * Writes schema/scenario.schema.json and schema/replay-manifest.schema.json from the zod
 * definitions (`npx tsx scripts/schema.ts`), or with `--check` exits 1 when a committed file is
 * out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { scenarioJsonSchemaText } from '../src/sim/scenario/schema.js'
import { replayManifestJsonSchemaText } from '../src/sim/replay/manifest.js'

const schemas: [string, string][] = [
  ['scenario.schema.json', scenarioJsonSchemaText()],
  ['replay-manifest.schema.json', replayManifestJsonSchemaText()],
]
for (const [name, text] of schemas) {
  const file = new URL(`../schema/${name}`, import.meta.url)
  if (process.argv.includes('--check')) {
    let committed = ''
    try {
      committed = readFileSync(file, 'utf8')
    } catch {
      // a missing file is out of date too
    }
    if (committed !== text) {
      console.error(`schema/${name} is out of date: run npx tsx scripts/schema.ts`)
      process.exitCode = 1
    }
  } else {
    writeFileSync(file, text)
    console.log(`wrote ${file.pathname}`)
  }
}
