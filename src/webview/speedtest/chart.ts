// The live bandwidth chart: Mbit/s over seconds, one line per direction. Download and upload
// differ in colour, line style (solid / dashed) and point shape, so colour is never the only cue.
// Only the chart.js parts used here are registered, which keeps the bundle small.
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { Direction } from '../../diag/speedtest/types';
import { applyAxesTheme, currentChartTheme, onThemeChange } from '../chart-theme';
import { LIVE_CHART_OPTIONS } from '../chart-options';
import type { ChartTheme } from '../chart-theme';
import { l10n } from '../../diag/l10n';
import type { ChartPoint } from './view-model';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

const STYLE: Record<Direction, { dash: number[]; point: 'circle' | 'triangle' }> = {
  download: { dash: [], point: 'circle' },
  upload: { dash: [6, 4], point: 'triangle' },
};

/** Download in the theme's blue, upload in its orange (the panel's swatches use the same variables). */
const LINE_COLOUR = { download: 'blue', upload: 'orange' } as const;

type LineDataset = ChartDataset<'line', ChartPoint[]>;

export class LiveChart {
  private readonly chart: Chart<'line', ChartPoint[]>;
  private readonly stopWatchingTheme: () => void;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart<'line', ChartPoint[]>(canvas, {
      type: 'line',
      data: {
        datasets: [this.dataset('download', l10n.t('Download ↓')), this.dataset('upload', l10n.t('Upload ↑ (dashed)'))],
      },
      options: {
        ...LIVE_CHART_OPTIONS,
        scales: {
          x: { type: 'linear', min: 0, max: 5, title: { display: true, text: l10n.t('seconds') } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Mbit/s' } },
        },
        plugins: {
          legend: { labels: { usePointStyle: false, boxHeight: 0, boxWidth: 28 } },
          tooltip: {
            callbacks: {
              label: (ctx) =>
                l10n.t(
                  '{0}: {1} Mbit/s at {2} s',
                  ctx.dataset.label ?? '',
                  ctx.parsed.y?.toFixed(2) ?? '–',
                  ctx.parsed.x?.toFixed(2) ?? '–',
                ),
            },
          },
        },
      },
    });
    this.applyTheme(currentChartTheme());
    this.stopWatchingTheme = onThemeChange(() => this.applyTheme(currentChartTheme()));
  }

  private dataset(direction: Direction, label: string): LineDataset {
    const style = STYLE[direction];
    return {
      label,
      data: [],
      borderDash: style.dash,
      pointStyle: style.point,
      pointRadius: 2.5,
      tension: 0.2,
    };
  }

  private applyTheme(theme: ChartTheme): void {
    for (const [i, d] of (['download', 'upload'] as const).entries()) {
      const ds = this.chart.data.datasets[i];
      ds.borderColor = ds.backgroundColor = theme[LINE_COLOUR[d]];
      ds.borderWidth = theme.lineWidth;
    }
    applyAxesTheme(this.chart.options, theme);
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
    this.stopWatchingTheme();
    this.chart.destroy();
  }
}
