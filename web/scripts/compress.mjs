// Writes a brotli (.br) and a gzip (.gz) copy next to every text file of the build, at the highest levels: the
// gateway serves the copy the browser accepts (gateway/Copilot.Gateway/WebClient/PrecompressedFiles.cs), so nothing
// is compressed per request. Usage: node scripts/compress.mjs dist
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const compressible = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.ico']);
// Below this a compressed copy saves less than its own headers cost.
const minimumBytes = 1024;

function* filesUnder(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

const root = process.argv[2] ?? 'dist';
let original = 0;
let brotli = 0;
for (const path of filesUnder(root)) {
  if (!compressible.has(extname(path)) || statSync(path).size < minimumBytes) continue;
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
  original += bytes.length;
  brotli += br.length;
}
console.log(`compressed ${Math.round(original / 1024)} KB of text assets to ${Math.round(brotli / 1024)} KB (brotli)`);
