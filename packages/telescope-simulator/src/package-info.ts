/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@ska/telescope-simulator';
/** Kept in step with package.json (a test checks it). */
export const PACKAGE_VERSION = '1.0.0';
