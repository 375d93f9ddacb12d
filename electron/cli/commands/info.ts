/** `reseed info`: installed packs, the chosen pack's manifest, and which provider really runs. */
import { ORT_VERSION } from '../../engine/runtime/ort';
import { PROVIDER_LABELS } from '../../engine/runtime/providers';
import { errorMessage, PackError, ProviderError } from '../../engine/errors';
import type { CustomDirection } from '../../backend/direction-store';
import { parse, positionals, COMMON_HELP } from '../args';
import type { Command } from '../command';
import { createEngine, openPack, providerLine } from '../context';
import { loadCustomDirections } from '../custom-directions';
import { EXIT } from '../exit-codes';
import { result, showHelp } from '../io';

const help = `Usage: reseed info [options]

Lists the model packs found (the app's models/ folder, then your packs folder), opens the chosen
pack (checking every network against pack.json), lists its directions and your custom sliders
for it (marked "custom"; from the user data folder's directions/<pack>/, $RESEED_HOME when set;
one with the id of a pack direction is listed as hidden, since the pack's wins), and says which
execution provider runs it and why the others do not. With --provider auto (the default) the
first run on a pack times a real decode on each provider that starts and remembers the fastest.

${COMMON_HELP}`;

function customJson(d: CustomDirection, hidden: boolean) {
  const { vector: _vector, ...fields } = d;
  return { ...fields, custom: true, hidden };
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'packs, directions, execution providers',
  help,
  async run(argv, io) {
    const { values, positionals: rest } = parse(argv, {});
    if (values.help) return showHelp(io, help);
    positionals(rest, []);
    const engine = createEngine(io, values);
    const packs = engine.listPacks();
    const candidates = engine.providerCandidates();
    const lines: string[] = ['Packs:'];
    if (packs.length === 0) lines.push(`  (none found in ${engine.config.packRoots.map((r) => r.dir).join(' or ')})`);
    for (const p of packs) {
      lines.push(p.error ? `  ✗ ${p.dir} [${p.source}]: ${p.error}` : `  ${p.id} ${p.version} — ${p.name} [${p.source}] ${p.dir}`);
    }
    lines.push(`Execution providers (onnxruntime ${ORT_VERSION}):`);
    for (const c of candidates) lines.push(`  ${c.available ? '•' : '✗'} ${c.name} — ${PROVIDER_LABELS[c.name]}${c.note ? ` (${c.note})` : ''}`);
    let opened;
    try {
      opened = await openPack(io, { ...values, quiet: true });
    } catch (error) {
      if (!(error instanceof PackError) && !(error instanceof ProviderError)) throw error;
      lines.push(`No pack opened: ${errorMessage(error)}`);
      result(io, values, { packs, candidates, pack: null, error: errorMessage(error) }, lines.join('\n'));
      return EXIT.fatal;
    }
    const { open } = opened;
    try {
      const m = open.pack.manifest;
      const custom = await loadCustomDirections(io, open);
      const customLine = (d: CustomDirection, note: string) =>
        `    ${d.id.padEnd(24)} ${d.label} [${d.min} … ${d.max}] σ=${d.sigma.toPrecision(3)} (custom${note})`;
      const nets = Object.entries(m.networks)
        .filter(([, n]) => n !== undefined)
        .map(([k, n]) => `${k} ${n!.file} (${n!.parameters.toLocaleString('en')} parameters)`);
      lines.push(
        `Pack ${m.id} ${m.version}: ${m.name}`,
        `  ${m.description}`,
        `  license ${m.license}; trained on ${m.trainingData.name} (${m.trainingData.images.toLocaleString('en')} images, ${m.trainingData.license})`,
        `  image ${m.image.width}×${m.image.height}×${m.image.channels}, ${m.sampler.defaultSteps} sampler steps; embedder trained for ${m.networks.embedder.trainedSteps}`,
        `  networks: ${nets.join(', ')}`,
        `  directions (slider values in units of σ):`,
        ...open.pack.directions.map((d) => `    ${d.id.padEnd(24)} ${d.label} [${d.min} … ${d.max}] σ=${d.sigma.toPrecision(3)}`),
        ...custom.usable.map((d) => customLine(d, '')),
        ...custom.shadowed.map((d) => customLine(d, `; hidden: the pack's "${d.id}" is used`)),
        ...(Object.keys(m.metrics).length ? [`  metrics: ${JSON.stringify(m.metrics)}`] : []),
        providerLine(open),
      );
      result(
        io,
        values,
        {
          packs,
          candidates,
          pack: { dir: open.pack.dir, manifest: m },
          // Custom sliders without their vectors; `hidden`: a pack direction has the id (never applied).
          customDirections: [
            ...custom.usable.map((d) => customJson(d, false)),
            ...custom.shadowed.map((d) => customJson(d, true)),
          ],
          provider: open.selection,
        },
        lines.join('\n'),
      );
      return EXIT.ok;
    } finally {
      await opened.engine.dispose();
    }
  },
};
