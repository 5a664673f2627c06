/**
 * Scanning core: GS1 (element strings, bracketed form, Digital Link), HIBC, and the one
 * classifier every screen uses. API and default rules: docs/scanning.md.
 */
export { GS, MAX_SCAN_LENGTH, gs1CheckDigit, gs1CheckDigitValid, gs1Year, parseGs1, parseGs1Text } from './gs1';
export type { Gs1Data, Gs1Element, Gs1Options } from './gs1';
export { AI_TABLE, DL_PRIMARY_KEYS } from './ai-table';
export type { AiDefinition, AiComponent, AiCharset, AiCheck } from './ai-table';
export { mod43CheckChar, parseHibc } from './hibc';
export type { HibcData, HibcOptions } from './hibc';
export { DEFAULT_SCAN_RULES, classifyScan, createScanClassifier } from './classify';
export type { ScanClassifier, ScanKind, ScanMeaning, ScanRules } from './classify';
