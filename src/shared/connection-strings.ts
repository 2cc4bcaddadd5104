// The connection panel's own texts (headings, buttons, run states), translated by the host. Texts
// the engine makes in the panel (issue explanations, path names, probe results) are translated
// through the snapshot's `engineTexts` (see engine-texts.ts).
import { parsePanelStrings } from './panel-strings';

export const CONNECTION_STRING_KEYS = [
  'connectionTo',
  'noWorkspaceYet',
  'checkActions',
  'runAgain',
  'cancel',
  'copyReport',
  'saveReport',
  'speedTest',
  'checking',
  'checkingPings',
  'noCheckYet',
  'checkCancelled',
  'checkedAt',
  'checkInterrupted',
  'connectionPath',
  'upgraded',
  'directSetUp',
  'coderCliVersion',
  'unknownVersion',
  'deployment',
  'latency',
  'latencyChart',
  'pings',
  'min',
  'avg',
  'max',
  'jitter',
  'loss',
  'checklist',
  'noChecklist',
  'checkOk',
  'checkWarn',
  'checkFail',
  'issues',
  'noIssues',
  'noneSoFar',
  'nextStep',
  'coderCliSays',
  'troubleshootingGuide',
  'netcheckWarnings',
  'derpRelays',
  'localProbes',
  'notChecked',
  'announceFinishedOne',
  'announceFinished',
  'announceChecking',
  'timeline',
  'timelineChart',
  'timelineRange',
  'timelineEvents',
  'timelineNothing',
  'timelineLastCause',
  'timelineNoEvents',
] as const;

export type ConnectionStrings = Record<(typeof CONNECTION_STRING_KEYS)[number], string>;

export function parseConnectionStrings(v: unknown): ConnectionStrings | null {
  return parsePanelStrings(v, CONNECTION_STRING_KEYS);
}
