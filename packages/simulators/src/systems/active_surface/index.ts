export { usdCommands } from './command-library.js';
export { ActiveSurfaceLine, type ActiveSurfaceLineOptions, USD_POSITIONING_PERIOD_MS } from './line-system.js';
export { activeSurface } from './module.js';
export {
  encodeUsdBroadcast,
  encodeUsdCommand,
  USD_ACK,
  USD_DELAY_STEP_MS,
  USD_NAK,
  USD_NEVER_ANSWER,
  USD_START_NO_ADDRESS,
  USD_START_WITH_ADDRESS,
  UsdCommand,
} from './protocol.js';
export { Usd, USD_MAX_POSITION, USD_MIN_POSITION, USD_RESET_DELAY_S, USD_STANDBY_STEP_S } from './usd.js';
