// What every live chart in the panels shares: data arrives already parsed and sorted, redraws must
// stay cheap (no tweening between updates), and the chart fills its container.
import type { ChartOptions } from 'chart.js';

export const LIVE_CHART_OPTIONS = {
  animation: false,
  parsing: false,
  normalized: true,
  responsive: true,
  maintainAspectRatio: false,
  interaction: { mode: 'nearest', intersect: false },
} satisfies ChartOptions<'line'>;
