// Builders for the @vscode-elements controls both panels use, so each control is made (and
// labelled) one way. This file only creates the elements by tag name; each entry under
// entries/ registers the elements its panel uses, so a bundle carries only those.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox';
import type { VscodeOption } from '@vscode-elements/elements/dist/vscode-option/vscode-option';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar';
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio';
import type { VscodeRadioGroup } from '@vscode-elements/elements/dist/vscode-radio-group/vscode-radio-group';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select';
import type { VscodeProgressRing } from '@vscode-elements/elements/dist/vscode-progress-ring/vscode-progress-ring';
import type { VscodeTable } from '@vscode-elements/elements/dist/vscode-table/vscode-table';
// Types only: they add the table parts' tag names to HTMLElementTagNameMap.
import type {} from '@vscode-elements/elements/dist/vscode-table-body/vscode-table-body';
import type {} from '@vscode-elements/elements/dist/vscode-table-cell/vscode-table-cell';
import type {} from '@vscode-elements/elements/dist/vscode-table-header/vscode-table-header';
import type {} from '@vscode-elements/elements/dist/vscode-table-header-cell/vscode-table-header-cell';
import type {} from '@vscode-elements/elements/dist/vscode-table-row/vscode-table-row';
import { h } from './dom';

export type { VscodeButton, VscodeCheckbox, VscodeProgressBar, VscodeRadio, VscodeRadioGroup, VscodeSingleSelect };

/** A button that calls `onPress` on click, Enter or Space, unless it is disabled. */
export function button(
  label: string,
  onPress: () => void,
  options: { id?: string; secondary?: boolean } = {},
): VscodeButton {
  const el = h('vscode-button', { id: options.id, secondary: options.secondary ?? false }, label);
  el.addEventListener('click', () => {
    if (!el.disabled) onPress();
  });
  return el;
}

/**
 * Enables or disables a control. The elements only set `disabled`, which assistive technology
 * does not read on a custom element, so aria-disabled says it too.
 */
export function setDisabled(control: HTMLElement & { disabled: boolean }, disabled: boolean): void {
  control.disabled = disabled;
  control.setAttribute('aria-disabled', String(disabled));
}

/** A checkbox whose label is its own (slotted) text. */
export function checkbox(id: string, label: string): VscodeCheckbox {
  return h('vscode-checkbox', { id }, label);
}

interface Choice {
  value: string;
  label: string;
}

/** Radios in a group named by `labelId` (a visible label elsewhere); each radio is `${name}-${value}`. */
export function radioGroup(
  name: string,
  labelId: string,
  choices: readonly Choice[],
): { group: VscodeRadioGroup; radios: VscodeRadio[] } {
  const radios = choices.map((c) => h('vscode-radio', { id: `${name}-${c.value}`, name, value: c.value }, c.label));
  const group = h('vscode-radio-group', { 'aria-labelledby': labelId }, ...radios);
  return { group, radios };
}

/** A drop-down; `label` also names its inner combobox for screen readers. */
export function singleSelect(id: string, label: string, choices: readonly Choice[]): VscodeSingleSelect {
  const el = h('vscode-single-select', { id }, ...choices.map(option));
  el.label = label;
  return el;
}

export function option(choice: Choice): VscodeOption {
  return h('vscode-option', { value: choice.value }, choice.label);
}

export function progressBar(label: string): VscodeProgressBar {
  const el = h('vscode-progress-bar', { 'aria-label': label });
  el.max = 100;
  el.value = 0;
  return el;
}

/** An indeterminate spinner for work of unknown length; hidden until shown. */
export function progressRing(label: string): VscodeProgressRing {
  return h('vscode-progress-ring', { 'aria-label': label, hidden: true });
}

interface TableSpec {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** A last row set apart (totals), e.g. the overall figure under interval rows. */
  footer?: readonly string[];
  class?: string;
}

/** A read-only table of text cells; the caption names it for screen readers too. */
export function dataTable(spec: TableSpec): VscodeTable {
  const row = (cells: readonly string[], cls?: string): HTMLElement =>
    h('vscode-table-row', { class: cls }, ...cells.map((c) => h('vscode-table-cell', {}, c)));
  const body = h('vscode-table-body', { slot: 'body' }, ...spec.rows.map((r) => row(r)));
  if (spec.footer) body.append(row(spec.footer, 'total-row'));
  return h(
    'vscode-table',
    { class: spec.class, 'aria-label': spec.caption, 'bordered-rows': true },
    h('div', { slot: 'caption', class: 'table-caption' }, spec.caption),
    h('vscode-table-header', { slot: 'header' }, ...spec.columns.map((c) => h('vscode-table-header-cell', {}, c))),
    body,
  );
}
