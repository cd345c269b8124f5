export { detectSecrets } from './secrets.ts';
export { detectPii, luhnValid } from './pii.ts';
export { isPlaceholder } from './placeholders.ts';
export { shannonEntropy, type DetectorFinding } from './types.ts';
