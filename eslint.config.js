import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Code that runs inside a simulation must be deterministic: no wall clock, no real randomness, no real
 * timers, no real I/O. These rules catch it statically; src/sim/traps.ts catches it at run time.
 */
export const determinismRules = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the Random port or the choice source.' },
    { object: 'Date', property: 'now', message: 'Use the Clock port.' },
    { object: 'performance', property: 'now', message: 'Use the Clock port.' },
    { object: 'crypto', property: 'randomUUID', message: 'Use the Random port.' },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'setTimeout', message: 'Use Clock.sleep.' },
    { name: 'setInterval', message: 'Use Clock.sleep in a task.' },
    { name: 'setImmediate', message: 'Use Clock.sleep.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the Clock port.' },
  ],
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'node:crypto', importNames: ['randomUUID', 'randomBytes', 'randomInt'], message: 'Use the Random port.' },
        { name: 'crypto', message: 'Import node:crypto (hashing only).' },
        { name: 'node:fs', message: 'Use the FileSystem port.' },
        { name: 'node:fs/promises', message: 'Use the FileSystem port.' },
        { name: 'fs', message: 'Use the FileSystem port.' },
        { name: 'node:timers', message: 'Use the Clock port.' },
        { name: 'node:timers/promises', message: 'Use the Clock port.' },
        { name: 'node:perf_hooks', message: 'Use the Clock port.' },
      ],
    },
  ],
};

export const deterministicFiles = [
  'src/sim/**/*.ts',
  'src/pipeline/**/*.ts',
  'src/adapters/memory/**/*.ts',
  'src/adapters/chroma/**/*.ts',
  'src/harness/**/*.ts',
  'src/invariants/**/*.ts',
  'models/**/*.ts',
  'scenarios/**/*.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'reports/**', 'node_modules/**', 'test/fixtures/forbidden/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        crypto: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        clearImmediate: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: deterministicFiles, ignores: ['src/sim/traps.ts'], rules: determinismRules },
);
