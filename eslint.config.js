// ESLint with typescript-eslint's type-aware rules: part of `npm test` (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // The engine's and importer's APIs are async by contract (comlink calls them across a worker):
      // an implementation with nothing to await is still right to be async.
      '@typescript-eslint/require-await': 'off',
      // One import statement per module (a side-effect import may stand beside a type-only one).
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Every word the studio shows goes through the catalogues (src/common/i18n): a literal in JSX text,
    // in a JSX expression or in a naming attribute (aria-label, title, label, …) fails the lint.
    files: ['src/ui/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', {
        mode: 'jsx-only',
        'should-validate-template': true,
        'jsx-attributes': { include: ['aria-label', 'aria-valuetext', 'title', 'label', 'placeholder', 'alt', 'summary', 'caption'] },
        // Names and symbols that read the same in every language.
        words: { exclude: ['[0-9!-/:-@[-`{-~\\s·×→—–…●▾▸▲▼‖Δ❄]+', '[A-Z_-]+', 'Thaw', 'px', 's', 'WebGPU', 'WebGL', 'CPU'] },
      }],
    },
  },
  {
    // The stores and storage word what they throw through the catalogues too. i18next/no-literal-string
    // cannot be held to an Error's argument alone: its 'all' mode checks every literal of a file (ids,
    // zod keys, action names) and its callee list only exempts calls, so core ESLint's selector does it:
    // a sentence written straight into `new Error(…)` (or RangeError, …) fails the lint.
    files: ['src/store/**/*.ts', 'src/persistence/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: 'NewExpression[callee.name=/Error$/] > Literal[value=/[A-Za-z]+ [A-Za-z]+/]',
          message: 'Word an error the user may read through i18n.t (src/common/i18n/locales); an internal bug\'s error may say so in an eslint-disable comment.',
        },
        {
          selector: 'NewExpression[callee.name=/Error$/] > TemplateLiteral > TemplateElement[value.raw=/[A-Za-z]+ [A-Za-z]+/]',
          message: 'Word an error the user may read through i18n.t (src/common/i18n/locales); an internal bug\'s error may say so in an eslint-disable comment.',
        },
      ],
    },
  },
  {
    // Plain Node scripts (the bench and pretraining drivers): not part of the TypeScript project.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    // Their page.evaluate callbacks run in the browser, the rest in Node.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
