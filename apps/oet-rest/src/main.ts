#!/usr/bin/env node
// The deployable OET REST server: the package's `oet-rest` entry with this app's example scripts
// as the default script root, its oet.ini as the project default and its example SBDefinitions (oda/) as the
// default filesystem ODA.
import { fileURLToPath } from 'node:url';
import { runCli } from '@ska/oet-server';

const appDir = fileURLToPath(new URL('..', import.meta.url));

process.exitCode = await runCli(process.argv, {
  scriptRoots: [`${appDir}scripts`],
  defaultIniFile: `${appDir}oet.ini`,
  odaDataDir: `${appDir}oda`,
});
