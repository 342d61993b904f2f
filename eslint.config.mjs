import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', '.data/**', 'node_modules/**', 'clients/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        require: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      // Tests and the jest build transpile file by file: a type imported as a value would be looked
      // up at run time (decorator metadata) and fail, so types are always imported with `import type`.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // validator.js's UUID check demands version and variant bits that path ids never needed.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsUUID', 'isUUID'],
              message:
                'Use IsUuid / isUuid from src/platform/http/uuid: one UUID rule for path, query and body.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'jest.config.js', '.dependency-cruiser.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['bench/**', 'test/**', 'seeds/**'],
    rules: { 'no-console': 'off' },
  },
);
