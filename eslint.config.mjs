import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The browser's globals, which code shared with the extension host must not touch.
const SHARED_FORBIDDEN_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'customElements',
  'requestAnimationFrame',
  'HTMLElement',
  'Element',
  'Node',
  'Event',
  'acquireVsCodeApi',
].map((name) => ({ name, message: 'src/shared runs in the extension host too: no DOM.' }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'dist-vsix/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware: a promise nobody awaits hides its rejection (and its child process).
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The engine: the lowest layer. Node only; nothing of the contract, the host, the panels or the CLI.
    files: ['src/diag/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: [
            {
              group: ['**/shared/**', '**/vscode/**', '**/webview/**', '**/cli/**', '**/cli'],
              message: 'The engine imports only the engine.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI: the engine and its own files; no vscode, nothing of the panels or their contract.
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: [
            { group: ['**/shared/**', '**/vscode/**', '**/webview/**'], message: 'The CLI imports the engine.' },
          ],
        },
      ],
    },
  },
  {
    // The contract between host and webviews: the engine's pure modules below it; no vscode, no DOM.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: [
            {
              group: ['**/vscode/**', '**/webview/**', '**/cli/**', 'node:*'],
              message: 'src/shared is imported by both sides and imports neither.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...SHARED_FORBIDDEN_GLOBALS],
    },
  },
  {
    // The panels' browser code: no VS Code API, no Node, nothing of the extension host.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: [
            { group: ['node:*'], message: 'The webview runs in a browser.' },
            {
              group: ['**/vscode/**', '**/cli/**'],
              message: 'The webview talks to the host only through src/shared protocols.',
            },
          ],
        },
      ],
    },
  },
  {
    // The extension host reaches the panels only through messages, never their code.
    files: ['src/vscode/**/*.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/webview/**'], message: 'The host talks to panels through src/shared protocols.' },
            { group: ['**/cli/**'], message: 'The host and the CLI are two faces of the engine.' },
          ],
        },
      ],
    },
  },
);
