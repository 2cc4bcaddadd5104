// The Timeline section's chart: latency over the session, a line per path, lost pings and events
// marked along the top (an event's words in its tooltip). Times on the axis are clock times.
import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip, Legend } from 'chart.js';
import type { ChartDataset, ScatterDataPoint } from 'chart.js';
import { applyAxesTheme, currentChartTheme, onThemeChange } from '../chart-theme';
import { LIVE_CHART_OPTIONS } from '../chart-options';
import type { ChartTheme } from '../chart-theme';
import type { TimelineSeries } from '../timeline-series';
import { l10n } from '../../diag/l10n';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

type Points = ScatterDataPoint[];
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
  private readonly chart: Chart<'line', Points>;
  private series: TimelineSeries | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {
    const line = (label: string): ChartDataset<'line', Points> => ({
      label,
      data: [],
      borderWidth: 1.5,
      pointRadius: 0,
      pointHitRadius: 4,
      spanGaps: false,
    });
    const marks = (label: string, pointStyle: 'crossRot' | 'triangle'): ChartDataset<'line', Points> => ({
      ...line(label),
      showLine: false,
      pointStyle,
      pointRadius: 6,
      pointHitRadius: 8,
      borderWidth: 2,
    });
    this.chart = new Chart<'line', Points>(canvas, {
      type: 'line',
      data: {
        datasets: [
          line(l10n.t('Relayed (DERP)')),
          line(l10n.t('Direct (p2p)')),
          line(l10n.t('Coder Connect')),
          marks(l10n.t('Lost ping'), 'crossRot'),
          marks(l10n.t('Event'), 'triangle'),
        ],
      },
      options: {
        ...LIVE_CHART_OPTIONS,
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
      },
    });
    this.applyTheme();
    onThemeChange(() => this.applyTheme());
  }

  private applyTheme(theme: ChartTheme = currentChartTheme()): void {
    const sets = this.chart.data.datasets;
    const colour = (i: number, c: string): void => {
      sets[i].borderColor = sets[i].backgroundColor = c;
    };
    colour(DERP, theme.orange);
    colour(P2P, theme.green);
    colour(CONNECT, theme.blue);
    colour(LOST, theme.red);
    colour(EVENTS, theme.text);
    for (const i of [DERP, P2P, CONNECT]) sets[i].borderWidth = theme.lineWidth - 0.5;
    applyAxesTheme(this.chart.options, theme);
    this.chart.update('none');
  }

  /** Redraws from a range's series; the canvas says how many event markers it shows (tests, assistive text). */
  update(series: TimelineSeries): void {
    this.series = series;
    const sets = this.chart.data.datasets;
    sets[DERP].data = series.derp as Points;
    sets[P2P].data = series.p2p as Points;
    sets[CONNECT].data = series.connect as Points;
    sets[LOST].data = series.lost as Points;
    sets[EVENTS].data = series.markers.map(({ x, y }) => ({ x, y: y ?? 0 }));
    const x = this.chart.options.scales?.x;
    if (x) {
      x.min = series.fromMs;
      x.max = series.toMs;
    }
    this.canvas.dataset.markers = String(series.markers.length);
    this.chart.update('none');
  }
}
