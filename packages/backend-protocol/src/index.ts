/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@discos/backend-protocol';

export * from './errors.js';
export * from './protocol-version.js';
export * from './grammar/index.js';
export * from './values/index.js';
export * from './time/index.js';
export * from './handler/index.js';
export * from './server/index.js';
export * from './client/index.js';
export * from './cli/index.js';
