// The connection report as Markdown, for the clipboard and issue trackers. Pure: Report in, text out.
// Every piece of text that came from outside (names, regions, CLI wording) is escaped. Our words go
// through l10n.t, so the extension's copy is in its language and `wsdoctor`'s in English; the
// Markdown syntax stays outside the messages, so a translation cannot break it.
import { issueMessage, issueTitle } from '../catalogue';
import { l10n } from '../l10n';
import type { Report } from '../model';
import {
  CHECK_GLYPH,
  formatLoss,
  formatMs,
  issuesBySide,
  pathSentence,
  relayUnexplained,
  relayUnexplainedAdvice,
  safeDocsUrl,
} from './labels';
import { derpRegionTable } from './derp-table';
import { netcheckTitle, netcheckFacts, unreadableNote, warningLine } from './netcheck-facts';
import { summariseProbe } from './probe-summary';
import { mdCode, mdText } from './markdown-text';
import { probeView } from './probes';
import type { ProbeTable } from './probes';
import { timelineMarkdownSection } from './timeline-text';
import type { ReportTimeline } from './timeline-text';

function cell(text: string): string {
  return mdText(text);
}

function mdTable(table: ProbeTable): string[] {
  return [
    `${mdText(table.title)}:`,
    '',
    `| ${table.columns.map(cell).join(' | ')} |`,
    `|${table.columns.map(() => ' --- |').join('')}`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

function netcheckSection(report: Report): string[] {
  const out: string[] = [];
  const n = report.netcheck;
  if (n) {
    out.push(`## ${netcheckTitle()}`, '');
    for (const [label, value] of netcheckFacts(n)) out.push(`- ${mdText(label)}: ${mdText(value)}`);
    if (n.warnings.length > 0) {
      out.push(`- ${l10n.t('Warnings:')}`);
      for (const w of n.warnings) out.push(`  - ${mdText(warningLine(w))}`);
    }
    const note = unreadableNote(n);
    if (note) out.push('', mdText(note));
    out.push('');
  }
  const derp = derpRegionTable(report.probes, n);
  if (derp) out.push(`## ${l10n.t('DERP relays')}`, '', ...mdTable(derp));
  return out;
}

/**
 * `timeline`: this window's recording of the workspace, when there is one (the extension's reports).
 * In the language of whatever translator is installed: the extension's, or English in `wsdoctor`.
 */
export function reportToMarkdown(report: Report, timeline?: ReportTimeline, nowMs = Date.now()): string {
  const out: string[] = [];
  out.push(`# ${l10n.t('Connection report: {0}', mdText(report.workspace || l10n.t('(no workspace)')))}`, '');
  const started = mdText(report.startedAt);
  out.push(
    `- ${report.finishedAt ? l10n.t('Checked: {0}', started) : l10n.t('Checked: {0} (still running)', started)}`,
  );
  if (report.cli) out.push(`- ${l10n.t('Coder CLI: {0}', mdText(report.cli.version ?? l10n.t('unknown version')))}`);
  if (report.cli?.note) out.push(`  - ${CHECK_GLYPH.warn} ${mdText(report.cli.note)}`);
  if (report.cli?.deployment) out.push(`- ${l10n.t('Deployment: {0}', mdText(report.cli.deployment))}`);
  out.push(`- ${l10n.t('Path: {0}', `**${mdText(pathSentence(report))}**`)}`);
  const p = report.pings;
  out.push(
    `- ${l10n.t('Pings: {0} sent, {1} answered, {2} timed out, {3} failed (loss {4})', p.sent, p.received, p.timedOut, p.failed, formatLoss(p))}`,
  );
  out.push(
    `- ${l10n.t('Latency: min {0}, avg {1}, max {2}, jitter {3}', formatMs(p.minMs), formatMs(p.avgMs), formatMs(p.maxMs), formatMs(p.jitterMs))}`,
  );
  out.push('');

  if (report.checks.length > 0) {
    out.push(`## ${l10n.t('Checklist')}`, '');
    for (const c of report.checks) out.push(`- ${CHECK_GLYPH[c.status]} ${mdText(c.message)}`);
    out.push('');
  }

  out.push(`## ${l10n.t('Issues')}`, '');
  if (report.issues.length === 0)
    out.push(report.finishedAt ? l10n.t('No issues found.') : l10n.t('None found so far.'), '');
  for (const group of issuesBySide(report.issues)) {
    out.push(`### ${group.title}`, '');
    for (const issue of group.issues) {
      const docs = safeDocsUrl(issue.docs);
      const link = docs
        ? ` [${mdText(l10n.t('Troubleshooting'))}](<${docs.replace(/[<>\s]/g, encodeURIComponent)}>)`
        : '';
      out.push(`- **${mdText(issueTitle(issue.id))}**: ${mdText(issueMessage(issue))}${link}`);
      if (issue.cliText) out.push(`  - ${l10n.t('Coder CLI: {0}', mdCode(issue.cliText))}`);
    }
    out.push('');
  }
  if (relayUnexplained(report)) out.push(`> ${mdText(relayUnexplainedAdvice())}`, '');

  out.push(...netcheckSection(report));
  if (report.probes.length > 0) {
    out.push(`## ${l10n.t('Local probes')}`, '');
    for (const outcome of report.probes) {
      const view = probeView(outcome);
      out.push(`### ${view.ran ? mdText(view.name) : l10n.t('{0} (did not run)', mdText(view.name))}`, '');
      if (view.reason) out.push(mdText(view.reason), '');
      else out.push(mdText(summariseProbe(outcome)), '');
      for (const [key, value] of view.fields) out.push(`- ${mdText(key)}: ${mdText(value)}`);
      if (view.fields.length > 0) out.push('');
      for (const table of view.tables) out.push(...mdTable(table));
    }
  }

  if (timeline) out.push(...timelineMarkdownSection(timeline, nowMs));

  const failed = report.sources.filter((s) => !s.ok);
  if (failed.length > 0) {
    out.push(`## ${l10n.t('What could not be checked')}`, '');
    for (const s of failed) out.push(`- ${mdText(s.source)}: ${mdText(s.error ?? l10n.t('failed'))}`);
    out.push('');
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
