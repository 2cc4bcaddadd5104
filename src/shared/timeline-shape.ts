// The session timeline as the connection panel gets it. Described once, with its check and bounds,
// in diag/wire/timeline.ts; named here for the host and the panel, which import it from this file.
export type { TimelinePoint, TimelineView, TimelineViewEvent } from '../diag/wire/timeline';
export { MAX_TIMELINE_EVENTS, MAX_TIMELINE_EVENT_TEXT, MAX_TIMELINE_POINTS } from '../diag/wire/timeline';
