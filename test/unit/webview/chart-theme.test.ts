import assert from 'node:assert/strict';
import type { ChartOptions } from 'chart.js';
import { applyAxesTheme, chartTheme, themeKind } from '../../../src/webview/chart-theme';
import type { ThemeKind } from '../../../src/webview/chart-theme';

/** A reader over a fixed set of CSS variables, as getComputedStyle would return them (untrimmed). */
function vars(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? '';
}

// Values as VS Code's Light Modern, Dark Modern and Dark High Contrast themes set them.
const LIGHT = {
  '--vscode-charts-blue': ' #1a85ff',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-red': '#e51400',
  '--vscode-foreground': '#3b3b3b',
  '--vscode-editorWidget-border': '#c8c8c8',
  '--vscode-font-family': 'system-ui, sans-serif',
};
const DARK = { ...LIGHT, '--vscode-charts-blue': '#3794ff', '--vscode-foreground': '#cccccc' };
const HIGH_CONTRAST = { ...DARK, '--vscode-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df' };

describe('chart theme', () => {
  it('tells the theme kind from the body classes VS Code sets', () => {
    const cases: [string[], ThemeKind][] = [
      [['vscode-light'], 'light'],
      [['vscode-dark'], 'dark'],
      [['vscode-high-contrast'], 'high-contrast'],
      // VS Code puts both classes on a light high contrast theme.
      [['vscode-high-contrast', 'vscode-high-contrast-light'], 'high-contrast-light'],
      [[], 'light'],
    ];
    for (const [classes, kind] of cases) assert.equal(themeKind(classes), kind, classes.join(' '));
  });

  it('takes the series and text colours from the theme variables, trimmed', () => {
    const t = chartTheme(vars(LIGHT), 'light');
    assert.equal(t.blue, '#1a85ff');
    assert.equal(t.orange, '#d18616');
    assert.equal(t.text, '#3b3b3b');
    assert.equal(t.grid, '#c8c8c8');
    assert.equal(t.font, 'system-ui, sans-serif');
    assert.equal(chartTheme(vars(DARK), 'dark').text, '#cccccc');
  });

  it('draws the grid in contrastBorder and thicker lines in high contrast', () => {
    const hc = chartTheme(vars(HIGH_CONTRAST), 'high-contrast');
    assert.equal(hc.grid, '#6fc3df');
    assert.equal(hc.text, '#ffffff');
    const dark = chartTheme(vars(HIGH_CONTRAST), 'dark');
    assert.equal(dark.grid, '#c8c8c8', 'contrastBorder is only for high contrast');
    assert.ok(hc.lineWidth > dark.lineWidth);
  });

  it('falls back per theme kind when a variable is missing, so text stays readable', () => {
    const none = vars({});
    const light = chartTheme(none, 'light');
    const dark = chartTheme(none, 'dark');
    const hcLight = chartTheme(none, 'high-contrast-light');
    assert.notEqual(light.text, dark.text);
    assert.equal(dark.text, '#cccccc');
    assert.equal(chartTheme(none, 'high-contrast').text, '#ffffff');
    assert.equal(hcLight.text, '#292929');
    for (const t of [light, dark, hcLight]) {
      for (const key of ['blue', 'orange', 'green', 'red', 'text', 'grid', 'font'] as const)
        assert.ok(t[key].length > 0, `${t.kind}.${key} is empty`);
    }
  });

  it('applies text, grid and font to every axis and the legend', () => {
    const options = {
      scales: { x: { title: { display: true, text: 's' }, grid: { lineWidth: 1 } }, y: { ticks: {} } },
      plugins: { legend: { labels: { boxWidth: 28 } } },
    } as unknown as ChartOptions<'line'>;
    const theme = chartTheme(vars(HIGH_CONTRAST), 'high-contrast');
    applyAxesTheme(options, theme);
    const x = options.scales?.x as unknown as {
      grid: { color: string; lineWidth: number };
      ticks: { color: string; font: { family: string } };
      title: { color: string; text: string };
    };
    assert.deepEqual(x.grid, { lineWidth: 1, color: '#6fc3df' }, 'other grid options are kept');
    assert.equal(x.ticks.color, '#ffffff');
    assert.equal(x.ticks.font.family, theme.font);
    assert.deepEqual([x.title.color, x.title.text], ['#ffffff', 's']);
    const y = options.scales?.y as unknown as { grid: { color: string }; ticks: { color: string } };
    assert.equal(y.grid.color, '#6fc3df');
    assert.equal(y.ticks.color, '#ffffff');
    const labels = options.plugins?.legend?.labels as unknown as { color: string; boxWidth: number };
    assert.deepEqual([labels.color, labels.boxWidth], ['#ffffff', 28]);
  });
});
