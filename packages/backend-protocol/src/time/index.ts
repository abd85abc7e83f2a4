export { type DiscosTime, fromTicks, isValidTicks, TICKS_PER_SECOND, ticksNow, toTicks, unixNow } from './discos-time.js';
