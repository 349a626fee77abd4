// Local ESLint rule `dvc/module-boundaries` (ADR 0009): the import rules of src/modules/README.md, checked on
// resolved paths rather than on import strings, so `../x/y.ts` and `../../modules/x/y.ts` are judged alike.
//  1. A module imports another module only through that module's index.ts (its manifest) or api.ts (its
//     contract: service tokens and the API type, nothing with run-time dependencies, so no import cycles).
//  2. Nothing under src/modules/<m>/ or src/platform/ imports the composition root (src/app.ts, src/boot.ts,
//     src/modules/index.ts); tests may, since they build the whole app.
//  3. The platform never imports a module (tests excepted).
import path from 'node:path';

const COMPOSITION_ROOT = new Set(['src/app.ts', 'src/boot.ts', 'src/modules/index.ts']);
const isTest = (rel) => /\.test\.tsx?$/.test(rel) || rel.startsWith('src/test/');
const moduleOf = (rel) => /^src\/modules\/([^/]+)\//.exec(rel)?.[1];

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Module boundaries: other modules only through index.ts; never the composition root' },
    schema: [],
    messages: {
      deep: "Module '{{from}}' reaches into module '{{to}}' ({{target}}): import from src/modules/{{to}}/api.ts or index.ts (add what you need to its API there) or resolve its service through its token.",
      root: '{{file}} imports the composition root ({{target}}): modules and the platform receive what they need through AppDeps; command-line entry points belong in src/cli/.',
      platform: 'The platform never imports a feature module ({{target}}): let the module register with the platform through its manifest instead.',
    },
  },
  create(context) {
    const cwd = context.cwd ?? process.cwd();
    const file = context.filename;
    const rel = path.relative(cwd, file).split(path.sep).join('/');
    const from = moduleOf(rel);
    const inPlatform = rel.startsWith('src/platform/');
    const test = isTest(rel);
    if (!from && !inPlatform) return {};

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const target = path.relative(cwd, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
      if (COMPOSITION_ROOT.has(target)) {
        if (!test) context.report({ node, messageId: 'root', data: { file: rel, target } });
        return;
      }
      const to = moduleOf(target);
      if (!to) return;
      if (inPlatform && !test) {
        context.report({ node, messageId: 'platform', data: { target } });
        return;
      }
      if (from && to !== from && !/^src\/modules\/[^/]+\/(index|api)\.tsx?$/.test(target)) {
        context.report({ node, messageId: 'deep', data: { from, to, target } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

export default { meta: { name: 'dvc' }, rules: { 'module-boundaries': rule } };
