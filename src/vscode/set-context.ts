// Sets one of the extension's context keys, which package.json's `when` clauses read.
import * as vscode from 'vscode';
import type { ContextKey } from './context-keys';

export function setContextKey(key: ContextKey, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
