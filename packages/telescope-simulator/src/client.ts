// The `@ska/telescope-simulator/client` subpath: only the HTTP client and the shared types (no fastify).
export { TelescopeClient, createTelescopeClient, type TelescopeClientOptions } from './http/telescope-client.js';
export { errorFromHttp, type ErrorBody } from './http/error-mapping.js';
export * from './errors.js';
export * from './types.js';
export { telescopeNames, receptorName, type TelescopeNames } from './model/names.js';
export { OBS_STATES, OBS_STATE_VALUES, type ObsState } from './model/obs-state.js';
