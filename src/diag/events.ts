// Typed events that sources emit as they learn things; the reducer folds them into a Report.
// Described once, with their check and bounds, in wire/check-report.ts.
import type { DiagEvent } from './wire/check-report';

export type { DiagEvent, IssueFinding } from './wire/check-report';

export type EmitFn = (event: DiagEvent) => void;
