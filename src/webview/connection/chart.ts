// The live latency chart: one point per ping, coloured by path, lost pings marked along the top.
// Only the registered chart.js parts are bundled; animation is off so a live update is one redraw.
import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip, Legend } from 'chart.js';
import type { ChartDataset, ScatterDataPoint } from 'chart.js';
import type { PingSample } from '../../diag/model';
import { buildSeries } from '../chart-series';
import type { ChartPoint } from '../chart-series';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

interface Palette {
  derp: string;
  p2p: string;
  lost: string;
  text: string;
  grid: string;
  font: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function palette(): Palette {
  return {
    derp: cssVar('--vscode-charts-orange', '#d18616'),
    p2p: cssVar('--vscode-charts-green', '#388a34'),
    lost: cssVar('--vscode-charts-red', '#e51400'),
    text: cssVar('--vscode-foreground', '#616161'),
    grid: cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

type Points = ScatterDataPoint[];
const asPoints = (p: ChartPoint[]): Points => p as unknown as Points;

export class LatencyChart {
  private readonly chart: Chart<'line', Points>;
  private lastSamples: readonly PingSample[] | null = null;

  constructor(canvas: HTMLCanvasElement) {
    const colours = palette();
    const line = (label: string, colour: string): ChartDataset<'line', Points> => ({
      label,
      data: [],
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.5,
      pointRadius: 2,
      pointHoverRadius: 4,
      spanGaps: false,
    });
    this.chart = new Chart<'line', Points>(canvas, {
      type: 'line',
      data: {
        datasets: [
          line('Relayed (DERP)', colours.derp),
          line('Direct (p2p)', colours.p2p),
          {
            ...line('Timed out / failed', colours.lost),
            showLine: false,
            pointStyle: 'crossRot',
            pointRadius: 6,
            borderWidth: 2,
          },
        ],
      },
      options: {
        animation: false,
        parsing: false,
        normalized: true,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: 'seconds since start' } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'latency (ms)' } },
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
  }

  /** Re-reads the theme's colours (light, dark, high contrast). */
  applyTheme(): void {
    const colours = palette();
    const [derp, p2p, lost] = this.chart.data.datasets;
    derp.borderColor = derp.backgroundColor = colours.derp;
    p2p.borderColor = p2p.backgroundColor = colours.p2p;
    lost.borderColor = lost.backgroundColor = colours.lost;
    Chart.defaults.color = colours.text;
    Chart.defaults.font.family = colours.font;
    for (const scale of Object.values(this.chart.options.scales ?? {})) {
      if (!scale) continue;
      scale.grid = { ...scale.grid, color: colours.grid };
      scale.ticks = { ...scale.ticks, color: colours.text };
      if ('title' in scale && scale.title) scale.title.color = colours.text;
    }
    if (this.chart.options.plugins?.legend?.labels) this.chart.options.plugins.legend.labels.color = colours.text;
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
