/**
 * The public entry of amm-sim: every export by name, grouped by layer (house style 2). Anything
 * not named here is internal. `test/api.test.ts` lists these names, so surface changes show in
 * review.
 */

// ---------------------------------------------------------------------------------------------
// errors
export { AmmSimError, InputError, PoolError, RunError, fmt, formatLocation } from './errors.js'
export type {
  ErrorCode,
  InputErrorCode,
  InputLocation,
  PoolErrorCode,
  RunErrorCode,
} from './errors.js'

// ---------------------------------------------------------------------------------------------
// pool: float64 model
export type {
  WeightedPoolState,
  WeightedPoolWithSupply,
  AddLiquidityResult,
  RemoveLiquidityResult,
} from './pool/float/types.js'
export {
  MIN_TOKENS,
  MAX_TOKENS,
  MIN_WEIGHT,
  MIN_SWAP_FEE,
  MAX_SWAP_FEE,
  checkPoolState,
  checkPoolWithSupply,
  checkWeights,
} from './pool/float/checks.js'
export type { PoolCheckOptions } from './pool/float/checks.js'
export { computeInvariant } from './pool/float/invariant.js'
export { spotPrice, spotPriceWithFee, computeSpotPrice } from './pool/float/spotPrice.js'
export {
  MAX_IN_RATIO,
  MAX_OUT_RATIO,
  outGivenIn,
  inGivenOut,
  computeOutGivenIn,
  computeInGivenOut,
  swapBalances,
} from './pool/float/swap.js'
export {
  MAX_INVARIANT_RATIO,
  MIN_INVARIANT_RATIO,
  addLiquidityProportional,
  addLiquidityUnbalanced,
  addLiquiditySingleTokenExactOut,
  removeLiquidityProportional,
  removeLiquiditySingleTokenExactIn,
  removeLiquiditySingleTokenExactOut,
} from './pool/float/liquidity.js'
export { createLinearWeightSchedule, weightsAt, computeWeightsAt } from './pool/float/weights.js'
export type { LinearWeightSchedule } from './pool/float/weights.js'
export { createPool, tokenIndexOf } from './pool/float/pool.js'
export type { CreatePoolOptions, TokenRef, WeightedPool } from './pool/float/pool.js'

// ---------------------------------------------------------------------------------------------
// pool: exact on-chain math (18-decimal bigint)
export {
  ONE,
  TWO,
  FOUR,
  MAX_POW_RELATIVE_ERROR,
  MAX_UINT256,
  mulDown,
  mulUp,
  divDown,
  divUp,
  mulDivUp,
  complement,
  powDown,
  powUp,
  powDownNoShortcuts,
  powUpNoShortcuts,
} from './pool/exact/fixedPoint.js'
export type { ArithmeticKind } from './pool/exact/fixedPoint.js'
export { toRaw, fromRaw, scalingFactorV2, scalingFactorV3 } from './pool/exact/decimals.js'
export type { RawRounding } from './pool/exact/decimals.js'
export { logExpMath, exactV3, exactV2, exactV2021 } from './pool/exact/api.js'
export type {
  V3PoolState,
  V3LbpState,
  V3SwapRequest,
  SwapKind,
  SwapResult,
  ExactInResult,
  ExactOutResult,
} from './pool/exact/v3/types.js'
export type { CreateV3PoolOptions, InitializedV3Pool } from './pool/exact/v3/pool.js'
export type {
  AddLiquidityUnbalancedOutput,
  AddLiquidityProportionalOutput,
  AddLiquiditySingleTokenExactOutOutput,
  RemoveLiquidityProportionalOutput,
  RemoveLiquiditySingleTokenExactInOutput,
  RemoveLiquiditySingleTokenExactOutOutput,
} from './pool/exact/v3/liquidity.js'
export type { V2PoolState } from './pool/exact/v2/types.js'

// ---------------------------------------------------------------------------------------------
// sim: randomness and price paths
export { createRng, Rng } from './sim/random.js'
export type {
  FilledGap,
  GapSummary,
  JumpSummary,
  PriceJump,
  PricePath,
  PricePathNotes,
  PriceReader,
  PriceSource,
  SeriesProvenance,
  TokenProvenance,
} from './sim/prices/types.js'
export { sourceFromPath, collectPath } from './sim/prices/path.js'
export {
  DEFAULT_START_TIME,
  MODEL_NAMES,
  createModelSource,
  createGbmSource,
} from './sim/prices/model.js'
export type {
  AssetSpec,
  BootstrapSpec,
  CommonSpec,
  ConstantSpec,
  GbmSpec,
  JumpDiffusionSpec,
  MixedSpec,
  ModelSpec,
  OuSpec,
  PerToken,
  RampSpec,
  RegimeSpec,
  RegimeSwitchingSpec,
  ShockSpec,
  StepSpec,
} from './sim/prices/model.js'
export { validateCorrelation } from './sim/prices/synthetic/correlation.js'
export { readPriceFile } from './sim/prices/csv/readPriceFile.js'
export type {
  DuplicatePolicy,
  PriceSeries,
  PriceSeriesSource,
  ReadPriceFileOptions,
  SkippedRow,
} from './sim/prices/csv/readPriceFile.js'
export { PRICE_FILE_FORMATS, detectFormat, symbolFromFileName } from './sim/prices/csv/format.js'
export type { PriceField, PriceFileFormat } from './sim/prices/csv/format.js'
export { parseTimestamp } from './sim/prices/csv/timestamp.js'
export { alignSeries, maxGapToFill, JUMP_MULTIPLE, JUMP_FLOOR } from './sim/prices/csv/align.js'
export type { AlignOptions } from './sim/prices/csv/align.js'
export { loadHistoricalPath, loadHistoricalSeries } from './sim/prices/csv/loadHistoricalPath.js'
export type { HistoricalPathSpec } from './sim/prices/csv/loadHistoricalPath.js'
export { describePricePath } from './sim/prices/csv/describePricePath.js'
export type { PriceGap, PricePathDescription } from './sim/prices/csv/describePricePath.js'
export { describePriceNotes, priceWarnings } from './sim/prices/csv/describePriceNotes.js'
export type { PriceNoteLine, PriceWarning } from './sim/prices/csv/describePriceNotes.js'

// ---------------------------------------------------------------------------------------------
// sim: engine, agents, metrics
export {
  runSimulation,
  checkSimulationConfig,
  resolveSimulationConfig,
  DEFAULT_SERIES_POINTS,
  MIN_PRICE,
  MAX_PRICE,
} from './sim/engine/runSimulation.js'
export type {
  AgentSpec,
  ArbitrageSpec,
  ArbitrageurFigures,
  ArbitrageurSpec,
  GasDistribution,
  GasSeries,
  BenchmarkResult,
  BenchmarkSpec,
  Metrics,
  NoiseDemandSpec,
  NoiseTraderSpec,
  SimulationConfig,
  SimulationResult,
  TimeSeries,
  Trade,
  WeightScheduleSpec,
  PoolMath,
  ResolvedSimulationConfig,
  SimulationPool,
  ExactCheck,
  ErrorStats,
  RunWarning,
  RiskMetrics,
  ReturnDecomposition,
  FixedFeeRun,
} from './sim/engine/types.js'
export type { RiskFigures } from './sim/metrics/risk.js'
// sim: dynamic-weight strategies (pool.schedule rules; docs/strategies.md)
export { WEIGHT_RULE_TYPES } from './sim/strategies/weights/weightRule.js'
export type { WeightRuleSpec, WeightRuleType } from './sim/strategies/weights/weightRule.js'
export { lambdaFromMemory } from './sim/strategies/weights/estimators.js'
export type {
  SwapFeeRuleSpec,
  LinearSwapFeeRuleSpec,
  ExpressionSwapFeeRuleSpec,
  SwapFeeRuleBounds,
} from './sim/strategies/fees/swapFeeRule.js'
export {
  optimalArbitrage,
  arbitrageTwoToken,
  executeArbitrage,
  createArbitrageScratch,
} from './sim/agents/arbitrage.js'
export type { ArbitrageScratch } from './sim/agents/arbitrage.js'
export { impermanentLossClosedForm } from './sim/metrics/metrics.js'
export { seriesColumn, seriesSampling, toRows } from './sim/engine/seriesColumn.js'
export type { SeriesRow, ToRowsOptions } from './sim/engine/seriesColumn.js'

// ---------------------------------------------------------------------------------------------
// sim: scenarios
export { parseDuration, formatDuration } from './sim/scenario/duration.js'
export { scenarioSchema, PRICE_MODELS, PRICE_FORMATS } from './sim/scenario/schema.js'
export type { Scenario, ScenarioInput, ScenarioPrices } from './sim/scenario/schema.js'
export { createScenario } from './sim/scenario/create.js'
export type { CreateScenarioOptions } from './sim/scenario/create.js'
export { parseScenario, validateScenario } from './sim/scenario/validate.js'
export {
  loadScenario,
  listBundledScenarios,
  listScenarioFiles,
  resolveScenarioFile,
  BUNDLED_SCENARIO_DIR,
  DEFAULT_SCENARIO,
} from './sim/scenario/load.js'
export type { LoadedScenario, BundledScenario } from './sim/scenario/load.js'
export { configureScenario } from './sim/scenario/config.js'
export type { ScenarioOverrides, ScenarioRun } from './sim/scenario/config.js'
export { runScenario } from './sim/scenario/run.js'
export type { RunScenarioOptions, ScenarioOutcome } from './sim/scenario/run.js'
// ---------------------------------------------------------------------------------------------
// sim: sweeps
export { sweepSeed } from './sim/random.js'
export { runSweep, shardTasks, assembleSweep } from './sim/sweep/runSweep.js'
export { closeSweepWorkers } from './sim/sweep/workerPool.js'
export type { RunSweepOptions, Shard, SweepResult } from './sim/sweep/runSweep.js'
export {
  sweepAxes,
  cellValues,
  parseFieldPath,
  referenceCells,
  MAX_CELLS,
  MAX_TASKS,
} from './sim/sweep/grid.js'
export type { SweepAxis } from './sim/sweep/grid.js'
export {
  prepareTask,
  runTask,
  pathsPerCell,
  SWEEP_METRICS,
  SWEEP_BENCHMARK_FIGURES,
} from './sim/sweep/task.js'
export type { PreparedTask, SweepInput, TaskFigures } from './sim/sweep/task.js'
export { sweepLayout, pathsTable, cellsTable } from './sim/sweep/tables.js'
export type { SweepLayout, SweepTable, TaskRow } from './sim/sweep/tables.js'
export { figureStatistics, STATISTICS_COLUMNS, Z_95 } from './sim/sweep/statistics.js'
export type { FigureStatistics } from './sim/sweep/statistics.js'
export { differencesTable, pairedDifference, DIFFERENCE_COLUMNS } from './sim/sweep/differences.js'
export type { PairedDifference } from './sim/sweep/differences.js'

// sim: tuning with walk-forward validation
export {
  runTune,
  TUNE_METHODS,
  DEFAULT_TUNE_BUDGET,
  DEFAULT_GRID_STEPS,
  DEFAULT_BOOTSTRAP_PATHS,
  MAX_TUNE_EVALUATIONS,
} from './sim/tune/runTune.js'
export type {
  TuneBootstrap,
  TuneEvaluation,
  TuneFold,
  TuneMethod,
  TuneOptions,
  TuneResult,
} from './sim/tune/runTune.js'
export { parseTuneParam, parseTuneParams, valueAt, gridValues } from './sim/tune/params.js'
export type { TuneParam } from './sim/tune/params.js'
export { tuneObjective } from './sim/tune/objective.js'
export type { TuneDirection, TuneObjective } from './sim/tune/objective.js'
export { walkForwardFolds } from './sim/tune/walkForward.js'
export { tuneWeightPaths } from './sim/tune/weightPaths.js'
export type { TuneWeightPaths } from './sim/tune/weightPaths.js'
export type { TimeWindow, WalkForwardFold } from './sim/tune/walkForward.js'
export { nelderMead, minimizeBatches } from './sim/tune/nelderMead.js'
export type { BatchSearch, NelderMeadOptions, NelderMeadResult } from './sim/tune/nelderMead.js'

// ---------------------------------------------------------------------------------------------
// sim: replay economics (a replayed pool's history valued at an external price feed)
export { analyseReplay } from './sim/replay/economics.js'
export type {
  ReplayBasis,
  ReplayEconomics,
  ReplayEconomicsOptions,
  ReplayFeed,
  ReplayFeedSeries,
  ReplaySeries,
  ReplayTotals,
} from './sim/replay/economics.js'
export { feedPath, runCounterfactual } from './sim/replay/counterfactual.js'
export { loadReplayFeed, readCoinGeckoJson } from './sim/prices/csv/replayFeed.js'
export type {
  Counterfactual,
  CounterfactualOptions,
  CounterfactualRun,
} from './sim/replay/counterfactual.js'

export { importPriceFile } from './sim/scenario/importPrices.js'
export type {
  ImportOptions,
  ImportedPrices,
  ImportSkippedRow,
} from './sim/scenario/importPrices.js'

// ---------------------------------------------------------------------------------------------
// sim: on-chain replay
export {
  replayManifestSchema,
  replayManifestJsonSchemaText,
  validateReplayManifest,
  V1_DEFAULT_TOLERANCE,
  V2_GENERATIONS,
  EVENT_FORMATS,
  EVENT_TABLES,
} from './sim/replay/manifest.js'
export type { ReplayManifest } from './sim/replay/manifest.js'
export { parseEventTable, parseSnapshotTable, ZERO_ADDRESS } from './sim/replay/importers.js'
export type { EventRow, SnapshotRow, TableOptions } from './sim/replay/importers.js'
export { replayPool, DEFAULT_MAX_ORDER_EVENTS } from './sim/replay/replay.js'
export type {
  ReplayInput,
  ReplayResult,
  ReplayVerification,
  SnapshotComparison,
  SwapMatch,
  SwapMismatch,
} from './sim/replay/replay.js'
export { loadReplayInput } from './sim/replay/load.js'
export type { ReplayEvent, ReplayTrace } from './sim/replay/trace.js'

// ---------------------------------------------------------------------------------------------
// report
export { writeReport } from './report/report.js'
export { formatReplayJson, formatReplayMarkdown, writeReplayReport } from './report/replay.js'
export type { ReportOptions, ReportWritten, RunOutcome, SimulationRun } from './report/report.js'
export { toArrowTable, writeArrow } from './report/arrow.js'
export { createSummary, formatSummaryJson } from './report/summary.js'
export type { JsonValue, Summary } from './report/summary.js'
export { formatTimeSeriesCsv } from './report/timeseriesCsv.js'
export { formatSummaryMarkdown } from './report/markdown.js'
export type { MarkdownInput } from './report/markdown.js'
export { chartSpecs, renderCharts, CHART_WIDTH, CHART_HEIGHT } from './report/charts.js'
export type { ChartContext, ChartSpec } from './report/charts.js'
export { writeFolderAtomically } from './report/atomicWrite.js'
export type { AtomicWriteOptions } from './report/atomicWrite.js'
export { formatPricePathCsv, writePricePathCsv } from './report/pricePathCsv.js'
export { csvCell } from './report/csvCell.js'
export { escapeMarkdown } from './report/markdownText.js'
export { packageVersion } from './report/version.js'
export {
  replayEconomicsCharts,
  replayEconomicsFiles,
  replayEconomicsJson,
  replayEconomicsMarkdown,
  writeReplayEconomics,
} from './report/replayEconomics.js'
export type { ReplayEconomicsReportOptions } from './report/replayEconomics.js'
export {
  writeSweepReport,
  writeSweepPartial,
  mergeSweepPartials,
  partialDir,
  readDoneRows,
  openJournal,
  journalFile,
} from './report/sweepReport.js'
export type { SweepReportOptions } from './report/sweepReport.js'
export { formatSweepCsv, formatSweepJson, parseSweepRows, sweepHash } from './report/sweepFiles.js'
export { formatSweepMarkdown } from './report/sweepMarkdown.js'
export { sweepChartSpecs, renderSweepCharts } from './report/sweepCharts.js'
export type { SweepChartSpec } from './report/sweepCharts.js'
export {
  writeTuneReport,
  formatTuneJson,
  formatTuneMarkdown,
  tuneChartSpecs,
  tuneReportDir,
  TUNE_JSON_FORMAT,
} from './report/tuneReport.js'
export type { TuneReportOptions } from './report/tuneReport.js'
export {
  BASELINE_FORMAT,
  canonicalScenario,
  changedFields,
  createBaseline,
  flattenFigures,
  formatBaselineJson,
  readBaseline,
  regressionRunOf,
  scenarioHash,
  writeBaseline,
} from './report/regression/baseline.js'
export type { Baseline, RegressionRun } from './report/regression/baseline.js'
export {
  holmRejections,
  logGamma,
  regularizedBeta,
  sampleStats,
  studentTTwoSided,
  welchTest,
} from './report/regression/statistics.js'
export type { SampleStats, WelchResult } from './report/regression/statistics.js'
export {
  DEFAULT_ALPHA,
  DEFAULT_MIN_EFFECT,
  compareSamples,
  isSweepScenario,
  runRegressionSweep,
} from './report/regression/monteCarlo.js'
export type { SampleCompareOptions } from './report/regression/monteCarlo.js'
export {
  DEFAULT_TOLERANCES,
  FALLBACK_TOLERANCE,
  allowedChange,
  isWithinTolerance,
  resolveTolerance,
} from './report/regression/tolerances.js'
export type { ResolvedTolerance, Tolerance, Tolerances } from './report/regression/tolerances.js'
export {
  compareFigure,
  compareWithBaseline,
  createRegressionReport,
  isChanged,
  isFailing,
} from './report/regression/compare.js'
export type {
  CompareOptions,
  RegressionReport,
  ScenarioComparison,
} from './report/regression/compare.js'
export type { FigureComparison, FigureVerdict } from './report/regression/types.js'
export {
  MAX_PASSING_ROWS,
  failureMessage,
  formatRegressionJson,
  formatRegressionJunit,
  formatRegressionMarkdown,
  writeRegressionReport,
} from './report/regression/format.js'
