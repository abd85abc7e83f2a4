export * from './framework/index.js';
export * from './utils/index.js';
export * from './systems/registry.js';
export * from './systems/modules.js';
export * from './systems/binary-modules.js';
export * from './cli/index.js';

/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@discos/simulators';
