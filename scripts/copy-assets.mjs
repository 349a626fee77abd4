#!/usr/bin/env node
// `npm run build` compiles TypeScript to dist/; this copies the non-TS files the app reads at run time
// (SQL migrations, locale and seed JSON) next to the compiled code, keeping the same relative paths.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';

const KEEP = new Set(['.sql', '.json', '.jsonl', '.yaml', '.yml', '.txt', '.csv', '.gz', '.css']);
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (KEEP.has(extname(name))) {
      const target = join('dist', p.slice('src/'.length));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(p, target);
    }
  }
}
walk('src');
console.log('assets copied to dist/');
