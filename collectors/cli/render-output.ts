import { displayPath } from '../../core/config/display-path.ts';
import { countNoun } from '../../core/count-noun.ts';
import { EXIT } from './cli-error.ts';

export interface RenderOutputInputs {
  configPath: string;
  dataDir: string;
  outDir: string;
}

/**
 * `vigil collect --render`: after a written run, brings the output directory up to date the
 * cheapest way: the data outputs rewritten in place (only files whose bytes changed, so a deploy
 * uploads only those), or a full build when the render says one is needed (no build on record, or
 * config, incidents, code or the UTC day changed). One line on `print`; returns the exit code.
 */
export async function renderOutput(
  inputs: RenderOutputInputs,
  print: (line: string) => void,
): Promise<number> {
  const where = displayPath(inputs.outDir);
  const { renderDataOutputs } = await import('../render/render-data-outputs.ts');
  let reason: string;
  try {
    const outcome = await renderDataOutputs(inputs);
    if (outcome.status === 'rendered') {
      print(
        `vigil collect: rendered ${countNoun(outcome.written.length, 'changed file')} into ${where} in ${outcome.ms} ms (${outcome.unchanged} unchanged)`,
      );
      if (outcome.needsBuild === undefined) return EXIT.ok;
      reason = outcome.needsBuild;
    } else {
      reason = outcome.reason;
    }
  } catch (error) {
    console.error(
      `vigil collect: warning: the data outputs could not be rendered (${error instanceof Error ? error.message : String(error)}); building the whole site instead`,
    );
    reason = 'the render failed';
  }
  const { buildSite } = await import('./build-command.ts');
  const startedMs = performance.now();
  try {
    const { written, kept, removed } = await buildSite(inputs);
    print(
      `vigil collect: built the site into ${where} (${reason}) in ${((performance.now() - startedMs) / 1000).toFixed(1)} s: ${countNoun(written, 'file')} written, ${kept} unchanged, ${removed} removed`,
    );
    return EXIT.ok;
  } catch (error) {
    console.error(
      `vigil collect: the run is written, but the site in ${where} could not be built: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.notWritten;
  }
}
