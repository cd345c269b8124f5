export { detectSecrets } from './secrets.ts';
export { detectPii, luhnValid } from './pii.ts';
export { isPlaceholder } from './placeholders.ts';
export { asFinding, shannonEntropy, type DetectorFinding } from './types.ts';
export { FEATURE_SCHEMA_VERSION, TEXT_BUCKETS, textFeatureIds, textWindows, windowedFeatureIds } from './text-features.ts';
export { detectInjectionRules, type InjectionFinding, type InjectionFamily } from './injection-rules.ts';
export { INJECTION_THRESHOLD, GIBBERISH_WEIGHT, GIBBERISH_VALIDATED_WEIGHT, injectionRisk, combineInjection, injectionRuleFindings, ruleScoreOf, type InjectionVerdict } from './injection-score.ts';
export { GIBBERISH_SCHEMA_VERSION, CharLmFormatError, decodeCharLm, gibberishEvidence, worstWindowNll, type CharLm } from './gibberish.ts';
