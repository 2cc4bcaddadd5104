// Chart colours from the VS Code theme, for both panels' charts. The webview gets the theme as CSS
// variables and a class on <body>; a canvas cannot use CSS, so the variables are read here and
// handed to chart.js. The reading is pure (a variable reader in, colours out) so it is unit-tested.
import type { ChartOptions } from 'chart.js';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ChartTheme {
  kind: ThemeKind;
  /** VS Code's chart palette (--vscode-charts-*). */
  blue: string;
  orange: string;
  green: string;
  red: string;
  text: string;
  grid: string;
  font: string;
  /** Line width for data lines: thicker in high contrast, where colour alone carries less. */
  lineWidth: number;
}

/** Reads a CSS variable; '' when it is not set. */
type VariableReader = (name: string) => string;

/** Used when a variable is missing (an old VS Code, or a theme that leaves it out). */
const FALLBACK: Record<ThemeKind, Omit<ChartTheme, 'kind' | 'font' | 'lineWidth'>> = {
  light: {
    blue: '#1a85ff',
    orange: '#d18616',
    green: '#388a34',
    red: '#e51400',
    text: '#616161',
    grid: 'rgba(97,97,97,0.25)',
  },
  dark: {
    blue: '#3794ff',
    orange: '#d18616',
    green: '#89d185',
    red: '#f14c4c',
    text: '#cccccc',
    grid: 'rgba(204,204,204,0.2)',
  },
  'high-contrast': {
    blue: '#3794ff',
    orange: '#d18616',
    green: '#89d185',
    red: '#f48771',
    text: '#ffffff',
    grid: '#6fc3df',
  },
  'high-contrast-light': {
    blue: '#0f4a85',
    orange: '#b5200d',
    green: '#388a34',
    red: '#b5200d',
    text: '#292929',
    grid: '#0f4a85',
  },
};

/** The theme kind from <body>'s classes (VS Code sets exactly one of these). */
export function themeKind(classes: Iterable<string>): ThemeKind {
  const set = new Set(classes);
  if (set.has('vscode-high-contrast-light')) return 'high-contrast-light';
  if (set.has('vscode-high-contrast')) return 'high-contrast';
  if (set.has('vscode-dark')) return 'dark';
  return 'light';
}

export function chartTheme(read: VariableReader, kind: ThemeKind): ChartTheme {
  const fallback = FALLBACK[kind];
  const pick = (name: string, fb: string): string => read(name).trim() || fb;
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  // High contrast themes draw every border in contrastBorder; the grid follows so it stays visible.
  const grid = highContrast
    ? pick('--vscode-contrastBorder', fallback.grid)
    : pick('--vscode-editorWidget-border', '') || fallback.grid;
  return {
    kind,
    blue: pick('--vscode-charts-blue', fallback.blue),
    orange: pick('--vscode-charts-orange', fallback.orange),
    green: pick('--vscode-charts-green', fallback.green),
    red: pick('--vscode-charts-red', fallback.red),
    text: pick('--vscode-foreground', fallback.text),
    grid,
    font: pick('--vscode-font-family', 'sans-serif'),
    lineWidth: highContrast ? 3 : 2,
  };
}

/** The current theme of this webview. */
export function currentChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  return chartTheme((name) => style.getPropertyValue(name), themeKind(document.body.classList));
}

/** Axis, tick, title and legend colours and fonts; the caller colours its own datasets. */
export function applyAxesTheme(o: ChartOptions<'line'>, theme: ChartTheme): void {
  for (const scale of Object.values(o.scales ?? {})) {
    if (!scale) continue;
    scale.grid = { ...scale.grid, color: theme.grid };
    scale.ticks = { ...scale.ticks, color: theme.text, font: { family: theme.font } };
    if ('title' in scale && scale.title) {
      scale.title.color = theme.text;
      scale.title.font = { family: theme.font };
    }
  }
  const labels = o.plugins?.legend?.labels;
  if (labels) {
    labels.color = theme.text;
    labels.font = { family: theme.font };
  }
}

/** Calls `onChange` whenever VS Code switches the colour theme (it swaps <body>'s classes). */
export function onThemeChange(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
