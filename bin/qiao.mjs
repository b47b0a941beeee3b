#!/usr/bin/env node
// `npx qiao` straight from the checkout: tsx compiles the TypeScript CLI on the fly, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
