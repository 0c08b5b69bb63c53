// Builds the console into dist/: one hashed JS bundle, one hashed CSS file, index.html pointing at them.
// `node build.mjs --size` also prints the compressed first-load weight (gzip and brotli), the figure that
// docs/PERFORMANCE.md records against the 150 KB budget.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const BUDGET = 150 * 1024;

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await esbuild.build({
  entryPoints: [join(here, 'src/main.jsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const js = result.outputFiles[0].contents;
const css = readFileSync(join(here, 'src/style.css'));
const cssMin = (await esbuild.transform(css.toString('utf8'), { loader: 'css', minify: true })).code;

const hash = (bytes) => createHash('sha256').update(bytes).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toUpperCase();
const jsName = `app-${hash(js)}.js`;
const cssName = `app-${hash(cssMin)}.css`;
writeFileSync(join(dist, jsName), js);
writeFileSync(join(dist, cssName), cssMin);
copyFileSync(join(here, 'src/favicon.svg'), join(dist, 'favicon.svg'));
const html = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('%CSS%', `./${cssName}`).replace('%JS%', `./${jsName}`);
writeFileSync(join(dist, 'index.html'), html);

const files = { [jsName]: Buffer.from(js), [cssName]: Buffer.from(cssMin), 'index.html': Buffer.from(html) };
let raw = 0, gz = 0, br = 0;
for (const bytes of Object.values(files)) {
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
  br += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}
const line = `console: ${jsName} + ${cssName} + index.html: ${(raw / 1024).toFixed(1)} KB raw, `
  + `${(gz / 1024).toFixed(1)} KB gzip, ${(br / 1024).toFixed(1)} KB brotli (budget ${BUDGET / 1024} KB compressed)`;
writeFileSync(join(dist, 'size.json'), JSON.stringify({ raw, gzip: gz, brotli: br, budget: BUDGET }) + '\n');
if (process.argv.includes('--size')) console.log(line);
if (gz > BUDGET) {
  console.error(`console: over budget: ${gz} bytes gzip > ${BUDGET}`);
  process.exit(1);
}
console.log(line);
