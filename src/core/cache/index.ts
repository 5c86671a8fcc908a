export * from './rules';
export * from './pricing';
export * from './breakers';
export { breakpointFindings } from './breakpoint-findings';
export { applyEdits, combineFixes, type BreakerFix, type TextEdit } from './breaker-fixes';
export { LITERAL_PATTERNS, type LiteralRuleId } from './breaker-patterns';
export { piecesInCacheOrder, type LocatedPiece, type PieceSection } from './prompt-pieces';
export * from './prefix';
export * from './simulate';
