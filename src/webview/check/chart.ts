// The live latency chart: one point per ping, coloured by path, lost pings marked along the top.
import type { PingSample } from '../../diag/model';
import { buildSeries } from '../chart-series';
import type { ChartPoint } from '../chart-series';
import { liveLineChart, type LiveLineChart } from '../live-line-chart';
import { l10n } from '../../diag/l10n';
import { colourPaths, marks, pathLine, type Points } from './latency-lines';

const asPoints = (p: ChartPoint[]): Points => p as unknown as Points;
const POINTS = { pointRadius: 2, pointHoverRadius: 4 };

export class LatencyChart {
  // Never disposed: the chart lives as long as the panel's page.
  private readonly live: LiveLineChart<Points[number]>;
  private lastSamples: readonly PingSample[] | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.live = liveLineChart(canvas, {
      datasets: [
        pathLine(l10n.t('Relayed (DERP)'), POINTS),
        pathLine(l10n.t('Direct (p2p)'), POINTS),
        marks(l10n.t('Timed out / failed'), 'crossRot', POINTS),
      ],
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
      colour: ([derp, p2p, lost], theme) => colourPaths({ derp, p2p, lost }, theme),
    });
  }

  /** Redraws from the samples; the same array twice is a no-op. */
  update(samples: readonly PingSample[]): void {
    if (samples === this.lastSamples) return;
    this.lastSamples = samples;
    const series = buildSeries(samples);
    const [derp, p2p, lost] = this.live.chart.data.datasets;
    derp.data = asPoints(series.derp);
    p2p.data = asPoints(series.p2p);
    lost.data = asPoints(series.lost);
    this.live.chart.update('none');
  }
}
