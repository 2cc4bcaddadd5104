// The Timeline section's chart: latency over the session, a line per path, lost pings and events
// marked along the top (an event's words in its tooltip). Times on the axis are clock times.
import type { TimelineSeries } from '../timeline-series';
import { liveLineChart, paint, type LiveLineChart } from '../live-line-chart';
import { l10n } from '../../diag/l10n';
import { colourPaths, marks, pathLine, type Points } from './latency-lines';

const DERP = 0;
const P2P = 1;
const CONNECT = 2;
const LOST = 3;
const EVENTS = 4;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clockSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Seconds on the axis when it spans under ten minutes, so a short session's ticks are not all "09:56". */
function tickLabel(value: number, ticks: { value: number }[]): string {
  const span = ticks.length > 1 ? ticks[ticks.length - 1].value - ticks[0].value : 0;
  return (span < 10 * 60_000 ? clockSeconds : clock).format(value);
}

export class TimelineChart {
  // Never disposed: the chart lives as long as the panel's page.
  private readonly live: LiveLineChart<Points[number]>;
  private series: TimelineSeries | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const points = { pointRadius: 0, pointHitRadius: 4 };
    this.live = liveLineChart(canvas, {
      datasets: [
        pathLine(l10n.t('Relayed (DERP)'), points),
        pathLine(l10n.t('Direct (p2p)'), points),
        pathLine(l10n.t('Coder Connect'), points),
        marks(l10n.t('Lost ping'), 'crossRot', { pointHitRadius: 8 }),
        marks(l10n.t('Event'), 'triangle', { pointHitRadius: 8 }),
      ],
      scales: {
        x: { type: 'linear', ticks: { callback: (v, _i, ticks) => tickLabel(Number(v), ticks), maxTicksLimit: 8 } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: l10n.t('latency (ms)') } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? clockSeconds.format(items[0].parsed.x ?? 0) : ''),
            label: (item) => {
              if (item.datasetIndex === EVENTS) return this.series?.markers[item.dataIndex]?.event.text ?? 'event';
              if (item.datasetIndex === LOST) return 'ping lost';
              return `${item.dataset.label}: ${Math.round(item.parsed.y ?? 0)} ms`;
            },
          },
        },
      },
      colour: (sets, theme) => {
        colourPaths({ derp: sets[DERP], p2p: sets[P2P], lost: sets[LOST] }, theme);
        paint(sets[CONNECT], theme.blue);
        paint(sets[EVENTS], theme.text);
        sets[CONNECT].borderWidth = theme.lineWidth - 0.5;
      },
    });
  }

  /** Redraws from a range's series; the canvas says how many event markers it shows (tests, assistive text). */
  update(series: TimelineSeries): void {
    this.series = series;
    const chart = this.live.chart;
    const sets = chart.data.datasets;
    sets[DERP].data = series.derp as Points;
    sets[P2P].data = series.p2p as Points;
    sets[CONNECT].data = series.connect as Points;
    sets[LOST].data = series.lost as Points;
    sets[EVENTS].data = series.markers.map(({ x, y }) => ({ x, y: y ?? 0 }));
    const x = chart.options.scales?.x;
    if (x) {
      x.min = series.fromMs;
      x.max = series.toMs;
    }
    this.canvas.dataset.markers = String(series.markers.length);
    chart.update('none');
  }
}
