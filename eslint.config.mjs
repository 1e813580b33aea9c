import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';

/**
 * The layers of src/, lowest first (CONTRIBUTING.md, "Layers"): a file may import from its
 * own layer and the ones below, never from one above. The one exception is the request's
 * shape: lower layers may `import type` from src/context (checked below).
 */
const LAYERS = [
  ['src/config.ts', 'src/config-secrets.ts', 'src/config-trust-proxy.ts', 'src/env-file.ts', 'src/logger.ts'],
  ['src/common'],
  ['src/auth'],
  ['src/observability'],
  ['src/database'],
  ['src/access'],
  ['src/access-log'],
  ['src/context'],
  ['src/paging'],
  ['src/modules'],
  [
    'src/schema.ts',
    'src/server.ts',
    'src/main.ts',
    'src/entities.ts',
    'src/data-source.ts',
    'src/http',
    'src/cli',
    'src/seed',
  ],
];
const CONTEXT = 'src/context';
const BELOW_CONTEXT = LAYERS.slice(
  0,
  LAYERS.findIndex((layer) => layer.includes(CONTEXT)),
).flat();

const layerZones = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  const from = BELOW_CONTEXT.some((path) => layer.includes(path))
    ? above.filter((p) => p !== CONTEXT)
    : above;
  return from.length === 0
    ? []
    : [{ target: layer, from, message: 'imports run down the layers (CONTRIBUTING.md, "Layers")' }];
});

// Every domain module builds on the subscriber module; the subscriber module on none of them.
const moduleZones = [
  {
    target: 'src/modules/subscriber',
    from: 'src/modules',
    except: ['./subscriber'],
    message: 'the subscriber module imports no other module (CONTRIBUTING.md, "Layers")',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
    rules: { 'import/no-restricted-paths': ['error', { zones: [...layerZones, ...moduleZones] }] },
  },
  {
    files: BELOW_CONTEXT.map((path) => (path.endsWith('.ts') ? path : `${path}/**/*.ts`)),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./context', './context/*', '../context', '../context/*'],
              allowTypeImports: true,
              message: 'a lower layer may only `import type` the request context (CONTRIBUTING.md, "Layers")',
            },
          ],
        },
      ],
    },
  },
  {
    // Services and loaders return domain rows and throw domain errors; only resolvers (the
    // edge) map them to GraphQL types (CONTRIBUTING.md, "A domain module").
    files: ['src/modules/**/*.service.ts', 'src/modules/**/*.loaders.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '\\.type$',
              message: 'a service or loader returns rows; map them to GraphQL types in the resolver',
            },
            {
              regex: '^type-graphql$',
              message: 'a service or loader returns rows and throws domain errors (src/common/errors.ts)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**', 'test/**', '.ci/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
