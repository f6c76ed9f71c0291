/**
 * Command-line flags of the bench entries (same flags on Node, Deno and Bun).
 *
 * @module
 */

const HELP = `Usage: npm run bench -- [flags]
  --quick            3 short samples per cell (about 1 minute in all); numbers are rough
  --filter=REGEX     only cells whose id matches, e.g. HS256, 'verify/seq', 'node/RS256/sign', 'jose|webjwt'
                     (id: runtime/alg/op/mode/contender, mode = seq | par64)
  --parts=LIST       comma list of node,memory,deno,bun,jwe,cold,size (default: all); jwe = JWE encrypt and
                     decrypt against jose on Node, Deno and Bun (cells named 'JWE <alg> <enc>')
  --cold-samples=N   fresh processes per cold-start configuration (default 7; 3 with --quick)
  --samples=N        samples per cell (default 7)
  --sample-ms=N      length of one sample in ms (default 90)
  --warmup-ms=N      warm-up per contender and mode in ms (default 80)
  --no-write         do not write bench/results/*.json
  --suite=jws|jwe    webcrypto.bench.mjs only: the JWS suite (default) or the JWE one
  --help`;

/** Every part of a run, in the order they run; a run of them all (no --quick, no --filter) is a full run. */
export const ALL_PARTS = ['node', 'memory', 'deno', 'bun', 'jwe', 'cold', 'size'];

/** Parses flags; exits with the usage text on --help or an unknown flag. */
export function parseOptions(argv) {
  const options = { samples: 7, sampleMs: 90, warmupMs: 80, parts: [...ALL_PARTS], coldSamples: 7, write: true, quick: false, filter: undefined, filterSource: undefined, jsonOut: undefined, suite: 'jws' };
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift();
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args.shift();
    const number = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) usage(`${flag} needs a positive number`);
      return n;
    };
    switch (flag) {
      case '--quick':
        Object.assign(options, { quick: true, samples: 3, sampleMs: 50, warmupMs: 30, coldSamples: 3 });
        break;
      case '--filter':
        options.filterSource = value();
        options.filter = new RegExp(options.filterSource, 'i');
        break;
      case '--parts':
        options.parts = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--cold-samples':
        options.coldSamples = Math.round(number());
        break;
      case '--samples':
        options.samples = Math.round(number());
        break;
      case '--sample-ms':
        options.sampleMs = number();
        break;
      case '--warmup-ms':
        options.warmupMs = number();
        break;
      case '--suite':
        options.suite = value();
        if (!['jws', 'jwe'].includes(options.suite)) usage('--suite is jws or jwe');
        break;
      case '--no-write':
        options.write = false;
        break;
      case '--json-out':
        options.jsonOut = value();
        break;
      case '--help':
        console.log(HELP);
        exit(0);
        break;
      default:
        usage(`unknown flag ${arg}`);
    }
  }
  return options;
}

function usage(message) {
  console.error(`${message}\n\n${HELP}`);
  exit(2);
}

function exit(code) {
  if (globalThis.Deno !== undefined) globalThis.Deno.exit(code);
  globalThis.process.exit(code);
}

/** The command-line arguments on Node, Deno or Bun. */
export function commandLine() {
  return globalThis.Deno !== undefined ? [...globalThis.Deno.args] : globalThis.process.argv.slice(2);
}

/** The flags to hand down to a child entry (Deno/Bun) so it measures the same way, running `suite`. */
export function childFlags(options, suite = 'jws') {
  const flags = [`--samples=${options.samples}`, `--sample-ms=${options.sampleMs}`, `--warmup-ms=${options.warmupMs}`, `--suite=${suite}`];
  if (options.filterSource !== undefined) flags.push(`--filter=${options.filterSource}`);
  return flags;
}
