/** Injection tokens for the infrastructure every feature shares. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_DB = Symbol('READ_DB');
export const APP_CONFIG = Symbol('APP_CONFIG');
