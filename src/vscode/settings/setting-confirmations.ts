// Asks the user, once per exact value, whether a setting that may come from the remote machine may
// be used on this computer, and remembers the values allowed (globalState). Until allowed the value
// is left out (setting-trust.ts decides which); a refusal holds for this window's session.
import * as vscode from 'vscode';
import { confirmationKey, shownValue, type Withheld } from './setting-trust';

const STATE_KEY = 'wsdoctor.confirmedSettingValues';
/** Allowed values kept; the oldest go first. */
const MAX_REMEMBERED = 64;

export class SettingConfirmations implements vscode.Disposable {
  /** Keys asked about (or being asked) in this session: each value is asked once. */
  private readonly asked = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a value was allowed: the settings are worth reading again. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: (line: string) => void,
  ) {}

  isConfirmed(key: string): boolean {
    return this.remembered().includes(key);
  }

  /** Called by the settings reader for each value it left out; asks about each new one, one at a time. */
  withhold(withheld: Withheld): void {
    if (this.asked.has(withheld.key)) return;
    this.asked.add(withheld.key);
    this.log(
      `settings: ${withheld.setting} may come from the remote machine; it is not used until allowed (${withheld.kind})`,
    );
    this.queue = this.queue.then(() => this.ask(withheld)).catch(() => undefined);
  }

  private remembered(): string[] {
    const stored = this.state.get<unknown>(STATE_KEY, []);
    return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : [];
  }

  private async ask(withheld: Withheld): Promise<void> {
    const allow = vscode.l10n.t('Allow');
    const refuse = vscode.l10n.t("Don't Allow");
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The setting {0} in this remote window may come from the remote machine. Use it on this computer?',
        withheld.setting,
      ),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Value: {0}\n\nAnything in the workspace can write the remote machine’s settings. Allow it only if you set this value yourself. A changed value asks again.',
          shownValue(withheld.value),
        ),
      },
      allow,
      refuse,
    );
    if (choice !== allow) {
      this.log(`settings: ${withheld.setting} was not allowed; it stays unused`);
      return;
    }
    // The key is recomputed from the value shown, so what is remembered is exactly what was allowed.
    const key = confirmationKey(withheld.setting, withheld.value);
    const kept = [...this.remembered().filter((k) => k !== key), key].slice(-MAX_REMEMBERED);
    await this.state.update(STATE_KEY, kept);
    this.log(`settings: ${withheld.setting} allowed by the user`);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
