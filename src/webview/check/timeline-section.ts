// The panel's "Timeline" section: the session's summary line, a range control (10 min / 1 h /
// 24 h), the chart with its event markers, the last automatic diagnosis and the event list.
// Everything from the host goes in as text.
import { l10n } from '../../diag/l10n';
import type { TimelineView } from '../../diag/wire/timeline';
import { h, replaceChildren, setText } from '../dom';
import { radioGroup } from '../kit';
import { TIMELINE_RANGES, timelineSeries } from '../timeline-series';
import type { TimelineRange } from '../timeline-series';
import { TimelineChart } from './timeline-chart';

/** The event list shows the newest of the range; the chart shows them all. */
const MAX_LISTED_EVENTS = 50;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export class TimelineSection {
  readonly element = h('section', { class: 'timeline-section', id: 'timeline', 'aria-labelledby': 'timeline-h' });
  private readonly summary = h('p', { class: 'timeline-summary', id: 'timeline-summary' });
  private readonly cause = h('p', { class: 'timeline-cause', id: 'timeline-cause', hidden: true });
  private readonly events: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly range = radioGroup(
    'timeline-range',
    'timeline-range-label',
    TIMELINE_RANGES.map(({ value, label }) => ({ value, label })),
  );
  private readonly chart: TimelineChart;
  private view: TimelineView | null = null;

  constructor() {
    this.events = h('ul', { class: 'timeline-events', id: 'timeline-events', 'aria-label': l10n.t('Events') });
    this.canvas = h('canvas', {
      id: 'timeline-chart',
      role: 'img',
      'aria-label': l10n.t('Latency over the session with its events; the events are listed below'),
    });
    this.element.hidden = true;
    for (const r of this.range.radios) r.checked = r.value === '10m';
    this.range.group.addEventListener('change', () => this.draw());
    this.element.append(
      h('h2', { id: 'timeline-h' }, l10n.t('Timeline')),
      this.summary,
      this.cause,
      h(
        'div',
        { class: 'timeline-range' },
        h('span', { id: 'timeline-range-label' }, `${l10n.t('Range:')} `),
        this.range.group,
      ),
      h('div', { class: 'chart-box' }, this.canvas),
      this.events,
    );
    this.chart = new TimelineChart(this.canvas);
  }

  private get selected(): TimelineRange {
    const value = this.range.radios.find((r) => r.checked)?.value;
    return value === '1h' || value === '24h' ? value : '10m';
  }

  update(view: TimelineView | null): void {
    this.view = view;
    this.element.hidden = view === null;
    if (!view) return;
    setText(this.summary, view.summary ?? l10n.t('Nothing recorded yet.'));
    this.cause.hidden = view.lastCause === null;
    setText(this.cause, view.lastCause ? l10n.t('Last automatic diagnosis: {0}', view.lastCause) : '');
    this.draw();
  }

  private draw(): void {
    const view = this.view;
    if (!view) return;
    const series = timelineSeries(view, this.selected);
    this.chart.update(series);
    const listed = series.markers.slice(-MAX_LISTED_EVENTS).reverse();
    if (listed.length === 0)
      return replaceChildren(this.events, h('li', { class: 'empty' }, l10n.t('No events in this range.')));
    replaceChildren(
      this.events,
      ...listed.map(({ event }) =>
        h(
          'li',
          { class: `timeline-event event-${event.type}`, 'data-event': event.type },
          h('time', { datetime: new Date(event.atMs).toISOString() }, clock.format(event.atMs)),
          ' ',
          event.text,
        ),
      ),
    );
  }
}
