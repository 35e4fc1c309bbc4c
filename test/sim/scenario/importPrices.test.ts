import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { importPriceFile } from '../../../src/sim/scenario/importPrices.js'
import { tempDir } from '../../tempDir.js'

const dir = tempDir('amm-import-')
const write = (name: string, text: string): string => {
  writeFileSync(path.join(dir, name), text)
  return name
}
const utc = (d: number) => Date.UTC(2021, 0, d) / 1000

describe('importPriceFile', () => {
  it('imports USD-ETH.csv as ETH in USD, the inverse of the prices written', async () => {
    const file = write('USD-ETH.csv', 'timestamp,price\n2021-01-01,0.0005\n2021-01-02,0.0004\n')
    const { path: prices } = await importPriceFile(file, { baseDir: dir })
    expect(prices.tokens).toEqual(['ETH'])
    expect(prices.numeraire).toBe('USD')
    expect([...prices.prices]).toEqual([1 / 0.0005, 1 / 0.0004])
    // asked for in ETH, the same file gives USD as written
    const inEth = await importPriceFile(file, { baseDir: dir, numeraire: 'ETH' })
    expect(inEth.path.tokens).toEqual(['USD'])
    expect([...inEth.path.prices]).toEqual([0.0005, 0.0004])
  })

  it('clips the grid to start and end (Unix seconds)', async () => {
    const file = write(
      'ETHUSDT.csv',
      'timestamp,price\n2021-01-01,1\n2021-01-02,2\n2021-01-03,3\n2021-01-04,4\n',
    )
    const { path: prices } = await importPriceFile(file, {
      baseDir: dir,
      start: utc(2),
      end: utc(3),
    })
    expect([...prices.times]).toEqual([utc(2), utc(3)])
    expect([...prices.prices]).toEqual([2, 3])
  })

  it('passes symbol and dateFormat to the reader', async () => {
    const file = write('export.csv', 'Date,Close\n02.01.2021,20\n03.01.2021,30\n')
    const { path: prices } = await importPriceFile(file, {
      baseDir: dir,
      symbol: 'ETH/USDC',
      dateFormat: 'DD.MM.YYYY',
    })
    expect(prices.tokens).toEqual(['ETH'])
    expect(prices.numeraire).toBe('USDC')
    expect([...prices.times]).toEqual([utc(2), utc(3)])
    const read = importPriceFile(file, { baseDir: dir, dateFormat: 'DD.MM.YYYY' })
    await expect(read).rejects.toBeInstanceOf(InputError)
    await expect(
      importPriceFile(file, { baseDir: dir, dateFormat: 'DD.MM.YYYY' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_SYMBOL',
      message:
        'export.csv: the file name names no pair (such as ETHUSDT or ETH-USD) and no well-known coin; set "symbol" to the asset the file prices ("ETH", or a pair such as "ETH/USD")',
    })
  })
})
