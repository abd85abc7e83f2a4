/** The npm name of this package, used in logs and version banners. */
export const PACKAGE_NAME = '@ska/oet-server';
