/**
 * The top-level help comes from the command table alone (no command module loaded), so that
 * `amm-sim --help` starts fast. Oracle: the help of a program with every command registered in
 * full, as before the table existed; the two must read the same, line for line.
 */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { COMMANDS, addCommandStubs, namedCommand } from '../../src/cli/commands.js'
import type { Guard } from '../../src/cli/shared.js'

/** A guard whose actions are never called: the test only reads the help. */
const guard: Guard = () => () => Promise.reject(new Error('unreachable: no action runs here'))

describe('the command table', () => {
  it('gives the same top-level help as the fully registered commands', async () => {
    const full = new Command('amm-sim')
    for (const entry of Object.values(COMMANDS)) (await entry.load())(full, guard)
    const stubs = new Command('amm-sim')
    addCommandStubs(stubs)
    expect(stubs.helpInformation()).toBe(full.helpInformation())
  })

  it('names the command to load from the first word, or the word after help', () => {
    expect(namedCommand(['node', 'amm-sim', 'run', 'x.json', '--out', 'list'])).toBe('run')
    expect(namedCommand(['node', 'amm-sim', 'help', 'sweep'])).toBe('sweep')
    expect(namedCommand(['node', 'amm-sim', '--help'])).toBeUndefined()
    expect(namedCommand(['node', 'amm-sim', 'toString'])).toBeUndefined()
    expect(namedCommand(['node', 'amm-sim', 'lsit'])).toBeUndefined()
  })
})
