import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../../src/errors.js'
import {
  detectFormat,
  layoutFromHeadLine,
  symbolFromFileName,
} from '../../../../src/sim/prices/csv/format.js'

const FIXTURES = join(import.meta.dirname, '../../../fixtures/prices')

describe('detectFormat', () => {
  it.each([
    ['ETHUSDT-1d-2021-01.csv', 'binance'],
    ['BTCUSDT-1m-2025-01.csv', 'binance'],
    ['LINKUSDT.csv', 'binance'],
    ['eth-usd-max.csv', 'coingecko'],
    ['ETH-USD.csv', 'yahoo'],
    ['LINK-USD.csv', 'yahoo'],
    ['BAL-USD-1d.csv', 'yahoo'],
    ['Aave_18.08.2023-19.08.2023_historical_data_coinmarketcap.csv', 'coinmarketcap'],
    ['wide.csv', 'wide'],
    ['long.csv', 'long'],
    ['AAVE-USD.csv', 'ohlc'],
    ['SNXUSDT5.csv', 'ohlc'],
  ])('%s is %s', async (name, format) => {
    expect(await detectFormat(join(FIXTURES, name))).toBe(format)
  })
})

describe('symbolFromFileName', () => {
  it.each([
    ['data/ETHUSDT.csv', 'ETH/USDT'],
    ['USDCUSDT.csv', 'USDC/USDT'],
    ['LINKUSDT-1m-2023-02.csv', 'LINK/USDT'],
    ['Binance_BTCUSDT_1h.csv', 'BTC/USDT'],
    ['AAVEUSDT5.csv', 'AAVE/USDT'],
    ['COINBASE_WETHUSD_5.csv', 'WETH/USD'],
    ['ETH-USD.csv', 'ETH/USD'],
    ['eth-usd-max.csv', 'ETH/USD'],
    ['COMP1-USD-1d.csv', 'COMP1/USD'],
    ['coin_Aave.csv', 'AAVE'],
    ['wsteth.csv', 'WSTETH'],
    ['kaushal_USDC-USD.csv', 'USDC/USD'],
    ['USD-ETH.csv', 'USD/ETH'],
    ['ETH_USDC.csv', 'ETH/USDC'],
    ['ETH-BUSD.csv', 'ETH/BUSD'],
    ['Uni-usd-max.csv', 'UNI/USD'],
    ['Bitcoin_2020.csv', 'BTC'],
    ['Bitcoin_08_08_2025-09_10_2025_historical_data_coinmarketcap.csv', 'BTC'],
    ['Aave_20.06.2023-21.08.2023_historical_data_coinmarketcap.csv', 'AAVE'],
    ['ETHBTC.csv', undefined],
    ['kaushal.csv', undefined],
    ['prices_2020.csv', undefined],
  ])('%s gives %s', (file, symbol) => {
    expect(symbolFromFileName(file)).toBe(symbol)
  })
})

describe('layoutFromHeadLine', () => {
  it('refuses a header with an unclosed quote as bad input, at line 1 (found by the fuzzer)', () => {
    const read = () => layoutFromHeadLine('x.csv', 'time,"ETH', 'auto')
    expect(read).toThrow(InputError)
    expect(read).toThrow(
      expect.objectContaining({
        code: 'BAD_ROW',
        message:
          'x.csv:1: the header cannot be parsed: Quote Not Closed: the parsing is finished with an opening quote at line 1',
      }),
    )
  })
})
