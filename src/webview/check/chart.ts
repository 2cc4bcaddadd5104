// The live latency chart: one point per ping, coloured by path, lost pings marked along the top.
// Only the registered chart.js parts are bundled; animation is off so a live update is one redraw.
import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip, Legend } from 'chart.js';
import type { ChartDataset, ScatterDataPoint } from 'chart.js';
import type { PingSample } from '../../diag/model';
import { buildSeries } from '../chart-series';
import { LIVE_CHART_OPTIONS } from '../chart-options';
import { applyAxesTheme, currentChartTheme, onThemeChange } from '../chart-theme';
import type { ChartTheme } from '../chart-theme';
import type { ChartPoint } from '../chart-series';
import { l10n } from '../../diag/l10n';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

type Points = ScatterDataPoint[];
const asPoints = (p: ChartPoint[]): Points => p as unknown as Points;

export class LatencyChart {
  private readonly chart: Chart<'line', Points>;
  private lastSamples: readonly PingSample[] | null = null;

  constructor(canvas: HTMLCanvasElement) {
    const line = (label: string): ChartDataset<'line', Points> => ({
      label,
      data: [],
      borderWidth: 1.5,
      pointRadius: 2,
      pointHoverRadius: 4,
      spanGaps: false,
    });
    this.chart = new Chart<'line', Points>(canvas, {
      type: 'line',
      data: {
        datasets: [
          line(l10n.t('Relayed (DERP)')),
          line(l10n.t('Direct (p2p)')),
          {
            ...line(l10n.t('Timed out / failed')),
            showLine: false,
            pointStyle: 'crossRot',
            pointRadius: 6,
            borderWidth: 2,
          },
        ],
      },
      options: {
        ...LIVE_CHART_OPTIONS,
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: l10n.t('seconds since start') } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: l10n.t('latency (ms)') } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) =>
                item.datasetIndex === 2
                  ? 'timed out / failed'
                  : `${item.dataset.label}: ${Math.round(item.parsed.y ?? 0)} ms`,
            },
          },
        },
      },
    });
    this.applyTheme();
    // Never stopped: the chart lives as long as the panel's page.
    onThemeChange(() => this.applyTheme());
  }

  /** Re-reads the theme's colours (light, dark, high contrast). */
  private applyTheme(theme: ChartTheme = currentChartTheme()): void {
    const [derp, p2p, lost] = this.chart.data.datasets;
    derp.borderColor = derp.backgroundColor = theme.orange;
    p2p.borderColor = p2p.backgroundColor = theme.green;
    lost.borderColor = lost.backgroundColor = theme.red;
    derp.borderWidth = p2p.borderWidth = theme.lineWidth - 0.5;
    applyAxesTheme(this.chart.options, theme);
    this.chart.update('none');
  }

  /** Redraws from the samples; the same array twice is a no-op. */
  update(samples: readonly PingSample[]): void {
    if (samples === this.lastSamples) return;
    this.lastSamples = samples;
    const series = buildSeries(samples);
    const [derp, p2p, lost] = this.chart.data.datasets;
    derp.data = asPoints(series.derp);
    p2p.data = asPoints(series.p2p);
    lost.data = asPoints(series.lost);
    this.chart.update('none');
  }
}
