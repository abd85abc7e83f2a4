export {
  MINOR_SERVOS_HTTP_PATHS,
  MINOR_SERVOS_TIMER_S,
  MINOR_SERVOS_UPDATE_MS,
  type MinorServosOptions,
  MinorServosSystem,
} from './minor-servos-system.js';
export { minorServos } from './module.js';
export { createServos, OperativeMode, PROGRAM_TRACK_TIMEGAP_S, Servo, type ServoSpec } from './servo.js';
export { CONFIGURATION_IDS, defaultSetupTable, loadSetupTable, parseSetupCsv, type SetupConfiguration } from './setup-table.js';
