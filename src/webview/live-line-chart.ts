// Every live chart in the panels is built here: the chart.js parts a line chart needs (only those
// are bundled), the options they all share (chart-options.ts), and colours that follow the VS Code
// theme (chart-theme.ts), re-read whenever the user switches it.
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset, ChartOptions } from 'chart.js';
import { LIVE_CHART_OPTIONS } from './chart-options';
import { applyAxesTheme, currentChartTheme, onThemeChange, type ChartTheme } from './chart-theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

interface LiveLineChartSpec<P> {
  datasets: ChartDataset<'line', P[]>[];
  scales: ChartOptions<'line'>['scales'];
  plugins: ChartOptions<'line'>['plugins'];
  /** Colours the datasets for a theme; axes, ticks and legend are coloured here. */
  colour(datasets: ChartDataset<'line', P[]>[], theme: ChartTheme): void;
}

export interface LiveLineChart<P> {
  readonly chart: Chart<'line', P[]>;
  /** Stops following the theme and frees the canvas. */
  dispose(): void;
}

export function liveLineChart<P>(canvas: HTMLCanvasElement, spec: LiveLineChartSpec<P>): LiveLineChart<P> {
  const chart = new Chart<'line', P[]>(canvas, {
    type: 'line',
    data: { datasets: spec.datasets },
    options: { ...LIVE_CHART_OPTIONS, scales: spec.scales, plugins: spec.plugins },
  });
  const applyTheme = (): void => {
    const theme = currentChartTheme();
    spec.colour(chart.data.datasets, theme);
    applyAxesTheme(chart.options, theme);
    chart.update('none');
  };
  applyTheme();
  const stopWatchingTheme = onThemeChange(applyTheme);
  return {
    chart,
    dispose: () => {
      stopWatchingTheme();
      chart.destroy();
    },
  };
}

/** A dataset's line and points in one colour. */
export function paint(dataset: ChartDataset<'line', unknown[]>, colour: string): void {
  dataset.borderColor = dataset.backgroundColor = colour;
}
