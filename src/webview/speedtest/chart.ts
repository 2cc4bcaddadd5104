// The live bandwidth chart: Mbit/s over seconds, one line per direction. Download and upload
// differ in colour, line style (solid / dashed) and point shape, so colour is never the only cue.
import type { ChartDataset } from 'chart.js';
import type { Direction } from '../../diag/speedtest/types';
import { liveLineChart, paint, type LiveLineChart } from '../live-line-chart';
import { l10n } from '../../diag/l10n';
import type { ChartPoint } from './view-model';

const STYLE: Record<Direction, { dash: number[]; point: 'circle' | 'triangle' }> = {
  download: { dash: [], point: 'circle' },
  upload: { dash: [6, 4], point: 'triangle' },
};

/** Download in the theme's blue, upload in its orange (the panel's swatches use the same variables). */
const LINE_COLOUR = { download: 'blue', upload: 'orange' } as const;

type LineDataset = ChartDataset<'line', ChartPoint[]>;

export class LiveChart {
  private readonly live: LiveLineChart<ChartPoint>;

  constructor(canvas: HTMLCanvasElement) {
    this.live = liveLineChart(canvas, {
      datasets: [dataset('download', l10n.t('Download ↓')), dataset('upload', l10n.t('Upload ↑ (dashed)'))],
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
      colour: (sets, theme) => {
        for (const [i, d] of (['download', 'upload'] as const).entries()) {
          paint(sets[i], theme[LINE_COLOUR[d]]);
          sets[i].borderWidth = theme.lineWidth;
        }
      },
    });
  }

  /** Draws the given points; called on every batch of samples. */
  update(points: Record<Direction, ChartPoint[]>, maxX: number): void {
    const chart = this.live.chart;
    const [down, up] = chart.data.datasets;
    // Copies, because chart.js annotates the arrays it is given.
    down.data = points.download.slice();
    up.data = points.upload.slice();
    const x = chart.options.scales?.x;
    if (x) x.max = maxX;
    chart.update('none');
  }

  dispose(): void {
    this.live.dispose();
  }
}

function dataset(direction: Direction, label: string): LineDataset {
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
