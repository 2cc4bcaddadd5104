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
    // The engine and the CLI: no vscode, and of src/shared only the leaves (limits, validate),
    // which import nothing of the engine but types, so no import cycle can form.
    files: ['src/diag/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: [
            {
              group: ['**/shared/*-protocol', '**/shared/*-shape'],
              message: 'The engine imports only the leaf modules of src/shared.',
            },
            {
              group: ['**/vscode/**', '**/webview/**'],
              message: 'The engine knows nothing of the extension or the webviews.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract between host and webviews: no vscode, no DOM, nothing of either side.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode'],
          patterns: [
            {
              group: ['**/vscode/**', '**/webview/**'],
              message: 'src/shared is imported by both sides and imports neither.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...SHARED_FORBIDDEN_GLOBALS],
    },
  },
  {
    // The leaves the engine imports: of the engine only types (and its error helper), so no cycle.
    files: ['src/shared/limits.ts', 'src/shared/validate.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/diag/**', '!**/diag/errors'],
              allowTypeImports: true,
              message: 'A leaf of src/shared imports only types from the engine.',
            },
            { group: ['./*-protocol', './*-shape'], message: 'A leaf of src/shared imports only other leaves.' },
          ],
        },
      ],
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
            { group: ['**/vscode/**'], message: 'The webview talks to the host only through src/shared protocols.' },
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
        { patterns: [{ group: ['**/webview/**'], message: 'The host talks to panels through src/shared protocols.' }] },
      ],
    },
  },
);
