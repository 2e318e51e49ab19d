#!/usr/bin/env node
// The tenant-ledger command; the TypeScript sources are compiled to dist/ by `npm ci` (prepare) or `npm run build`.
import '../dist/cli/main.js';
