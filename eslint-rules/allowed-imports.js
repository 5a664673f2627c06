// @ts-check
/**
 * `buffert/allowed-imports`: a layer lists what it MAY import (an allowlist), so that a new
 * dependency across a boundary is a decision written in eslint.config.js, not an accident
 * (docs/decisions/0007-layer-rules.md). Checked: static imports and re-exports (type-only ones
 * too: a type import still couples the layers), `import x = require()`, `require()`, `import()`
 * with a literal and `import('…')` types.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const toPosix = (p) => p.split(path.sep).join('/');
const under = (file, dir) => file === dir || file.startsWith(`${dir}/`);
const list = (items) => (items.length ? items.join(', ') : 'none');

/** @type {import('eslint').Rule.RuleModule} */
export const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the layers and packages its allowlist names.' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['root', 'layer', 'layers', 'packages', 'nodeBuiltins', 'why'],
        properties: {
          /** The repository root; layer folders are relative to it. */
          root: { type: 'string' },
          /** The layer the linted file belongs to, e.g. `electron/backend`. */
          layer: { type: 'string' },
          /** Folders (relative to root) this file may import from. */
          layers: { type: 'array', items: { type: 'string' } },
          /** Package names (without subpath) this file may import. */
          packages: { type: 'array', items: { type: 'string' } },
          nodeBuiltins: { type: 'boolean' },
          /** Product code never imports tests, test support or bench code (test files may). */
          product: { type: 'boolean' },
          /** Folders of tests, test support and bench code (besides `*.test.*` / `*.spec.*` files). */
          testCode: { type: 'array', items: { type: 'string' } },
          /** The layer's purpose, repeated in every message so the reader knows why. */
          why: { type: 'string' },
        },
      },
    ],
    messages: {
      package: "{{layer}}/ may not import the package '{{name}}'. Allowed packages: {{packages}}. ({{layer}}/ is {{why}}.)",
      builtin: "{{layer}}/ may not import the Node built-in '{{name}}'. ({{layer}}/ is {{why}}.)",
      path: "{{layer}}/ may not import {{target}} ('{{source}}'). Allowed folders: {{layers}}. ({{layer}}/ is {{why}}.)",
      testCode: "{{layer}}/ is product code and never imports tests, test support or bench code ('{{source}}').",
    },
  },
  create(context) {
    const options = context.options[0];
    const root = path.resolve(options.root);
    const layers = options.layers.map((l) => l.replace(/\/$/, ''));
    const testCode = (options.testCode ?? []).map((l) => l.replace(/\/$/, ''));
    const product = options.product ?? true;
    const data = { layer: options.layer, why: options.why };
    const fileDir = path.dirname(context.filename);

    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.') || path.isAbsolute(source)) {
        const target = toPosix(path.relative(root, path.resolve(fileDir, source)));
        if (product && (testCode.some((dir) => under(target, dir)) || /\.(test|spec)(\.[cm]?[jt]sx?)?$/.test(target))) {
          context.report({ node, messageId: 'testCode', data: { ...data, source } });
          return;
        }
        if (layers.some((dir) => under(target, dir))) return;
        const segments = target.split('/');
        const where = target.startsWith('..')
          ? 'a file outside the repository'
          : segments.length === 1
            ? `the top-level file ${target}`
            : `${segments.slice(0, segments[0] === 'electron' ? 2 : 1).join('/')}/`;
        context.report({ node, messageId: 'path', data: { ...data, source, target: where, layers: list(layers.map((l) => `${l}/`)) } });
        return;
      }
      if (source.startsWith('node:') || builtins.has(source)) {
        if (!options.nodeBuiltins) context.report({ node, messageId: 'builtin', data: { ...data, name: source } });
        return;
      }
      const name = packageName(source);
      if (!options.packages.includes(name)) context.report({ node, messageId: 'package', data: { ...data, name, packages: list(options.packages) } });
    }

    /** @param {any} node */
    const fromSource = (node) => check(node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      /** @param {any} node */
      TSImportType: (node) => check(node, node.source?.value ?? node.argument?.literal?.value),
      /** @param {any} node */
      TSExternalModuleReference: (node) => check(node, node.expression?.value),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { 'allowed-imports': allowedImports } };
