#!/usr/bin/env node
import { runCli } from './run.js';
import { keepYoungGenerationSmall } from '../util/heap.js';

keepYoungGenerationSmall();

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  now: new Date(),
});
