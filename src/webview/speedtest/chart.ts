// The live bandwidth chart: Mbit/s over seconds, one line per direction. Download and upload
// differ in colour, line style (solid / dashed) and point shape, so colour is never the only cue.
// Only the chart.js parts used here are registered, which keeps the bundle small.
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { Direction } from '../../diag/throughput/types';
import type { ChartPoint } from './view-model';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

interface Theme {
  download: string;
  upload: string;
  text: string;
  grid: string;
  font: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

function readTheme(): Theme {
  return {
    download: cssVar('--vscode-charts-blue', '#3794ff'),
    upload: cssVar('--vscode-charts-orange', '#d18616'),
    text: cssVar('--vscode-foreground', '#cccccc'),
    grid: cssVar('--vscode-contrastBorder', '') || cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

const STYLE: Record<Direction, { label: string; dash: number[]; point: 'circle' | 'triangle' }> = {
  download: { label: 'Download ↓', dash: [], point: 'circle' },
  upload: { label: 'Upload ↑ (dashed)', dash: [6, 4], point: 'triangle' },
};

type LineDataset = ChartDataset<'line', ChartPoint[]>;

export class LiveChart {
  private readonly chart: Chart<'line', ChartPoint[]>;
  private readonly observer: MutationObserver;

  constructor(canvas: HTMLCanvasElement) {
    const theme = readTheme();
    this.chart = new Chart<'line', ChartPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [this.dataset('download', theme), this.dataset('upload', theme)] },
      options: {
        // Live data: no tweening between updates, and redraws stay cheap.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', min: 0, max: 5, title: { display: true, text: 'seconds' } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Mbit/s' } },
        },
        plugins: {
          legend: { labels: { usePointStyle: false, boxHeight: 0, boxWidth: 28 } },
          tooltip: {
            callbacks: {
              label: (ctx) =>
                `${ctx.dataset.label ?? ''}: ${ctx.parsed.y?.toFixed(2) ?? '–'} Mbit/s at ${ctx.parsed.x?.toFixed(2) ?? '–'} s`,
            },
          },
        },
      },
    });
    this.applyTheme(theme);
    // VS Code swaps body classes when the colour theme changes: follow it.
    this.observer = new MutationObserver(() => this.applyTheme(readTheme()));
    this.observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  private dataset(direction: Direction, theme: Theme): LineDataset {
    const s = STYLE[direction];
    return {
      label: s.label,
      data: [],
      borderColor: theme[direction],
      backgroundColor: theme[direction],
      borderDash: s.dash,
      borderWidth: 2,
      pointStyle: s.point,
      pointRadius: 2.5,
      tension: 0.2,
    };
  }

  private applyTheme(theme: Theme): void {
    const o = this.chart.options;
    for (const [i, d] of (['download', 'upload'] as const).entries()) {
      const ds = this.chart.data.datasets[i];
      ds.borderColor = theme[d];
      ds.backgroundColor = theme[d];
    }
    Chart.defaults.font.family = theme.font;
    Chart.defaults.color = theme.text;
    for (const axis of [o.scales?.x, o.scales?.y]) {
      if (!axis) continue;
      axis.grid = { ...axis.grid, color: theme.grid };
      axis.ticks = { ...axis.ticks, color: theme.text };
      if ('title' in axis && axis.title) axis.title.color = theme.text;
    }
    if (o.plugins?.legend?.labels) o.plugins.legend.labels.color = theme.text;
    this.chart.update('none');
  }

  /** Draws the given points; called on every batch of samples. */
  update(points: Record<Direction, ChartPoint[]>, maxX: number): void {
    const [down, up] = this.chart.data.datasets;
    // Copies, because chart.js annotates the arrays it is given.
    down.data = points.download.slice();
    up.data = points.upload.slice();
    const x = this.chart.options.scales?.x;
    if (x) x.max = maxX;
    this.chart.update('none');
  }

  dispose(): void {
    this.observer.disconnect();
    this.chart.destroy();
  }
}
