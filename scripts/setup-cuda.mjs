#!/usr/bin/env node
/**
 * `npm run setup:cuda`: opt-in install of onnxruntime-node's CUDA execution provider. Never run by
 * default: `npm ci` skips onnxruntime-node's install script (package.json allowScripts), because
 * that script downloads the CUDA binaries (hundreds of MB) from NuGet, which most machines neither
 * need nor can reach. This runs the same script of onnxruntime-node, asking for CUDA 12.
 *
 * Note: `npm ci` reinstalls onnxruntime-node without these files; run this again after it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const platform = `${process.platform}/${process.arch}`;

if (platform !== 'linux/x64') {
  console.error(`setup:cuda: onnxruntime-node publishes its CUDA provider for linux/x64 only (this is ${platform}).`);
  console.error('Windows uses DirectML and macOS uses CoreML; both ship with onnxruntime-node already.');
  process.exit(1);
}

let installScript;
try {
  installScript = require.resolve('onnxruntime-node/script/install.js');
} catch {
  console.error('setup:cuda: onnxruntime-node is not installed; run npm ci first.');
  process.exit(1);
}
const binDir = path.join(path.dirname(installScript), '..', 'bin', 'napi-v6', 'linux', 'x64');
const providerLib = path.join(binDir, 'libonnxruntime_providers_cuda.so');

console.log(
  [
    'setup:cuda: installing the CUDA 12 execution provider for onnxruntime-node.',
    '  Needs: network access to api.nuget.org (the package Microsoft.ML.OnnxRuntime.Gpu.Linux),',
    '         an NVIDIA driver, and the CUDA 12 runtime with cuDNN 9 on the library path.',
    `  Into:  ${binDir}`,
  ].join('\n'),
);

const run = spawnSync(process.execPath, [installScript, '--onnxruntime-node-install=cuda12'], {
  stdio: 'inherit',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
});
if (run.status !== 0 || !existsSync(providerLib)) {
  console.error('setup:cuda: the install failed (see above); Reseed keeps using the other providers.');
  process.exit(run.status || 1);
}
console.log('setup:cuda: done. The engine tries CUDA first when it is present and reports which provider ran.');
