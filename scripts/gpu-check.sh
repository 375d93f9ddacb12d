#!/usr/bin/env bash
# GPU check for a Linux machine with an NVIDIA GPU. Installs nothing from the network.
#
# Runs `reseed bench` on the CPU, WebGPU (Vulkan) and, where onnxruntime's CUDA provider library
# and the CUDA runtime are present, CUDA; prints which provider really ran (and why any was
# dropped), the timings, and the largest difference of each provider's decoded images from the
# CPU provider's (the bench's "max |image difference| from CPU" row; the target is ≤ 1/255).
#
# Usage: scripts/gpu-check.sh [--pack <id|folder>] [extra bench options]
#   IMAGES=2000 scripts/gpu-check.sh     images in the batch-throughput folder (default 2000)
set -u
cd "$(dirname "$0")/.."

echo "== machine"
uname -srm
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
else
  echo "nvidia-smi: not found (no NVIDIA driver tools on PATH)"
fi
if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  echo "Vulkan loader: present (WebGPU can look for an adapter)"
else
  echo "Vulkan loader: MISSING (libvulkan.so.1) — WebGPU will report no adapter"
fi
for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$icd" ] && echo "NVIDIA Vulkan ICD: $icd"
done

providers="cpu,webgpu"
ortdir=node_modules/onnxruntime-node/bin/napi-v6/linux/x64
if [ -f "$ortdir/libonnxruntime_providers_cuda.so" ]; then
  echo "CUDA provider library: present ($ortdir)"
  providers="$providers,cuda"
else
  echo "CUDA provider library: not installed (npm run setup:cuda) — CUDA skipped"
fi

# A private user data folder: the check must not change a user's remembered provider choices.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export RESEED_HOME="$home"

echo
echo "== which provider runs (auto, then each forced)"
node bin/reseed.mjs info "$@" --provider auto | grep -E '^(Pack |provider:)' || true
for p in ${providers//,/ }; do
  node bin/reseed.mjs info "$@" --provider "$p" --json 2>/dev/null \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);const p=j.provider;console.log(`${p.requested} → ran on ${p.provider}: ${p.reason}`+(p.dropped.length?`; dropped: ${p.dropped.map(d=>d.provider+" ("+d.reason+")").join(", ")}`:""))}catch{console.log("(could not open the pack)")}})'
done

echo
echo "== bench"
node bin/reseed.mjs bench "$@" --providers "$providers" --images "${IMAGES:-2000}" --runs 20
