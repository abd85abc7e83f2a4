/** The protocol version the conformance suite checks by default. */
export const CONFORMANCE_PROTOCOL_VERSION = '1.4';

export * from './describe-conformance.js';
export * from './vectors.js';
export * from './raw-connection.js';
