export * from './errors.ts';
export * from './version.ts';
export * from './protocol/index.ts';
export * from './types.ts';
export * from './extension-key.ts';
