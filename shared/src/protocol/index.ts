export * from './base.ts';
export * from './messages.ts';
export * from './validate.ts';
export * from './chunking.ts';
export * from './interaction.ts';
export * from './dashboard.ts';
export * from './privacy.ts';
export * from './audit.ts';
