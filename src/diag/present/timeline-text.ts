// The timeline in the words the tooltip, the panel and the reports share: one line per event
// ("14:32 switched to DERP Frankfurt: UDP blocked on your machine"), and the Markdown of both the
// status bar tooltip and the report's Timeline section. Untrusted text is escaped here, once.
import { clipText } from '../wire/limits';
import { printable } from '../printable';
import { l10n } from '../l10n';
import type { TimelineStore } from '../timeline/store';
import { renderSparkline, sparkline } from '../timeline/sparkline';
import { clockTime, summaryLine } from '../timeline/summary';
import type { TimelineEvent } from '../wire/timeline-data';
import { mdText } from './markdown-text';
import { eventText } from './monitor';

/** What an event says, without its time: a diagnosis is its own detail, the rest as `wsdoctor monitor` prints them. */
export function timelineEventText(event: TimelineEvent): string {
  if (event.type === 'diagnosed' && event.detail) return printable(event.detail);
  return eventText(event);
}

/** "14:32 path changed: direct (p2p) → DERP", the time in the given zone (default: this machine's). */
export function timelineEventLine(event: TimelineEvent, nowMs: number, timeZone?: string): string {
  return `${clockTime(event.atMs, nowMs, timeZone)} ${timelineEventText(event)}`;
}

interface TooltipTimeline {
  store: TimelineStore;
  nowMs: number;
  /** The cause found by the last automatic diagnosis, and when it ran; null before one ran. */
  lastDiagnosis: { atMs: number; cause: string } | null;
  timeZone?: string;
}

/** Text for a tooltip whose Markdown shows theme icons: escaped, and a `$(name)` in it stays literal. */
export function tooltipText(text: string): string {
  return mdText(text).replace(/\$\(/g, '\\$(');
}

/** Events shown in the tooltip: the newest few, as the issue asks. */
const TOOLTIP_EVENTS = 3;
/** A tooltip line is short; a long cause or detail is cut. */
const TOOLTIP_LINE_CHARS = 160;

/**
 * The tooltip's timeline part as Markdown lines (each already escaped, theme icons included): the last 10 minutes as a
 * sparkline with its range, the last three events, the last automatic diagnosis's cause. Empty
 * when nothing is recorded yet.
 */
export function timelineTooltipMarkdown(t: TooltipTimeline): string[] {
  if (t.store.isEmpty()) return [];
  const lines: string[] = [];
  const spark = sparkline(t.store, t.nowMs);
  const measured = spark.values.filter((v): v is number => v !== null);
  if (measured.length > 0) {
    const low = Math.round(Math.min(...measured));
    const high = Math.round(Math.max(...measured));
    // Inline code keeps the blocks' width and the gaps where nothing was read.
    const blocks = `\`${renderSparkline(spark.values)}\``;
    lines.push(
      spark.lost.some(Boolean)
        ? l10n.t('Last 10 min: {0} {1}–{2} ms, pings lost', blocks, low, high)
        : l10n.t('Last 10 min: {0} {1}–{2} ms', blocks, low, high),
    );
  } else {
    lines.push(
      spark.lost.some(Boolean) ? l10n.t('Last 10 min: pings lost, no answer') : l10n.t('Last 10 min: no reading'),
    );
  }
  const events = t.store.lastEvents(TOOLTIP_EVENTS);
  for (const e of events.reverse())
    lines.push(`· ${tooltipText(clipText(timelineEventLine(e, t.nowMs, t.timeZone), TOOLTIP_LINE_CHARS))}`);
  if (t.lastDiagnosis) {
    const when = clockTime(t.lastDiagnosis.atMs, t.nowMs, t.timeZone);
    lines.push(
      l10n.t('Automatic diagnosis ({0}): {1}', when, tooltipText(clipText(t.lastDiagnosis.cause, TOOLTIP_LINE_CHARS))),
    );
  }
  return lines;
}

/** The session's timeline as a report carries it: the summary line and the events, oldest first. */
export interface ReportTimeline {
  summary: string | null;
  events: TimelineEvent[];
}

export function reportTimeline(store: TimelineStore, nowMs: number, timeZone?: string): ReportTimeline {
  return { summary: summaryLine(store, nowMs, timeZone), events: store.events() };
}

/** The report's "Timeline" section: the summary line, then one line per event. */
export function timelineMarkdownSection(timeline: ReportTimeline, nowMs: number, timeZone?: string): string[] {
  const out = [`## ${l10n.t('Timeline')}`, ''];
  out.push(timeline.summary ? mdText(timeline.summary) : l10n.t('Nothing recorded yet.'), '');
  for (const e of timeline.events) out.push(`- ${mdText(timelineEventLine(e, nowMs, timeZone))}`);
  if (timeline.events.length > 0) out.push('');
  return out;
}
