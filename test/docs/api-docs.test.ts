/**
 * The API reference, one module per package export (`webjwt`, `webjwt/http`): every export has a summary; every function documents each
 * parameter, what it returns, what it throws and has an example; classes have an example and
 * documented constructors; interface members are described. TypeDoc's own validation (the same as
 * `npm run docs` with treatWarningsAsErrors) must pass without a warning. The `webjwt` page opens with an
 * overview, then the exports grouped by task (sign and verify first), not one alphabetical list.
 */
import { Application, type Comment, type DeclarationReflection, type ProjectReflection, ReflectionKind, type SignatureReflection, TSConfigReader, TypeDocReader } from 'typedoc';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './run-block.js';

let project: ProjectReflection;
let warnings: string[] = [];
let indexHtml = '';
let moduleHtml = '';
const SITE = mkdtempSync(join(tmpdir(), 'webjwt-api-'));
afterAll(() => rmSync(SITE, { recursive: true, force: true }));

/** The categories of the `webjwt` module, in order: what a reader looks for first comes first. */
const CATEGORIES = ['Sign and verify', 'Keys', 'Key sets (JWKS)', 'Errors', 'Revocation', 'Decoding and compact JWS', 'Encryption', 'Crypto backend'];
/** The modules of the site: one per package export. */
const MODULES = ['webjwt', 'webjwt/http'];

beforeAll(async () => {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const app = await Application.bootstrapWithPlugins({ logLevel: 'Warn' }, [new TypeDocReader(), new TSConfigReader()]);
    const messages: string[] = [];
    const log = app.logger.log.bind(app.logger);
    app.logger.log = (message, level) => {
      if (level >= 2) messages.push(String(message)); // warnings and errors
      log(message, level);
    };
    const converted = await app.convert();
    if (converted === undefined) throw new Error(`TypeDoc could not convert src/index.ts:\n${messages.join('\n')}`);
    app.validate(converted);
    project = converted;
    await app.generateDocs(converted, SITE);
    indexHtml = readFileSync(join(SITE, 'index.html'), 'utf8');
    moduleHtml = readFileSync(join(SITE, 'modules/webjwt.html'), 'utf8');
    warnings = messages;
  } finally {
    process.chdir(cwd);
  }
}, 120_000);

const modules = (): DeclarationReflection[] => project.children ?? [];
const moduleNamed = (name: string): DeclarationReflection => modules().find((m) => m.name === name)!;
const exportsOf = (name: string): DeclarationReflection[] => moduleNamed(name).children ?? [];
const allExports = (): DeclarationReflection[] => modules().flatMap((m) => m.children ?? []);

const text = (comment: Comment | undefined): string => (comment?.summary ?? []).map((part) => part.text).join('').trim();
const hasTag = (comment: Comment | undefined, tag: `@${string}`): boolean => (comment?.blockTags ?? []).some((t) => t.tag === tag);

/** A member is documented by its own comment, a signature's, or (for accessors) its getter's. */
function documented(member: DeclarationReflection): boolean {
  const signatures = [...(member.signatures ?? []), member.getSignature, member.setSignature].filter((s) => s !== undefined);
  return text(member.comment) !== '' || signatures.some((signature) => text(signature.comment) !== '');
}

function signatureProblems(signature: SignatureReflection): string[] {
  const problems: string[] = [];
  const comment = signature.comment;
  if (!text(comment)) problems.push('no summary');
  for (const parameter of signature.parameters ?? []) {
    if (!text(parameter.comment)) problems.push(`@param ${parameter.name} undocumented`);
  }
  if (signature.type?.toString() !== 'void' && !hasTag(comment, '@returns')) problems.push('no @returns');
  if (!hasTag(comment, '@throws')) problems.push('no @throws (write "@throws Never." for total functions)');
  if (!hasTag(comment, '@example')) problems.push('no @example');
  return problems;
}

function problemsOf(reflection: DeclarationReflection): string[] {
  if (reflection.kindOf(ReflectionKind.Function)) return (reflection.signatures ?? []).flatMap(signatureProblems);
  const problems: string[] = [];
  if (!text(reflection.comment)) problems.push('no summary');
  if (reflection.kindOf(ReflectionKind.Class)) {
    if (!hasTag(reflection.comment, '@example')) problems.push('no @example');
    for (const member of reflection.children ?? []) {
      if (member.flags.isPrivate || member.name.startsWith('#')) continue;
      if (member.kindOf(ReflectionKind.Constructor)) {
        for (const signature of member.signatures ?? []) {
          for (const parameter of signature.parameters ?? []) {
            if (!text(parameter.comment)) problems.push(`constructor @param ${parameter.name} undocumented`);
          }
          if (!hasTag(signature.comment, '@throws')) problems.push('constructor: no @throws');
        }
      } else if (!member.flags.isInherited && !documented(member)) {
        problems.push(`${member.name} undocumented`);
      }
    }
  }
  if (reflection.kindOf(ReflectionKind.Interface)) {
    for (const member of reflection.children ?? []) {
      if (member.flags.isInherited) continue;
      if (!documented(member)) problems.push(`${member.name} undocumented`);
    }
  }
  return problems;
}

describe('API documentation', () => {
  test('TypeDoc validates the public API without warnings (npm run docs treats them as errors)', () => {
    expect(warnings).toEqual([]);
  });

  test('covers the whole public API, one module per package export', () => {
    expect(modules().map((m) => m.name)).toEqual(MODULES);
    const names = exportsOf('webjwt').map((child) => child.name);
    for (const name of ['sign', 'verify', 'importKey', 'createRemoteJwks', 'JwtError', 'MemoryRevocationStore', 'RevocationStore', 'VerifyOptions']) {
      expect(names).toContain(name);
    }
    const http = exportsOf('webjwt/http').map((child) => child.name);
    for (const name of ['bearerToken', 'authenticate', 'BearerError', 'bearerErrorResponse', 'AuthenticateOptions']) expect(http).toContain(name);
  });

  test('every export has a summary; functions document parameters, returns, throws and an example', () => {
    const report = allExports()
      .map((child) => [`${ReflectionKind[child.kind]} ${child.name}`, problemsOf(child)] as const)
      .filter(([, problems]) => problems.length > 0)
      .map(([name, problems]) => `${name}: ${problems.join('; ')}`);
    expect(report).toEqual([]);
  });
});

describe('the API site lists the package exports; the webjwt page opens with an overview, then the exports by task', () => {
  const headings = (): string[] => [...moduleHtml.matchAll(/<h2[^>]*>([^<]+)/g)].map((match) => match[1]!.trim());

  test('the front page links both modules', () => {
    expect(indexHtml).toContain('href="modules/webjwt.html"');
    expect(indexHtml).toContain('href="modules/webjwt_http.html"');
  });

  test('the webjwt page starts with the overview, which links sign, verify, keys and errors', () => {
    expect(headings()[0]).toBe('Overview');
    const overview = moduleHtml.slice(moduleHtml.indexOf('id="overview"'), moduleHtml.indexOf('id="sign-and-verify"'));
    for (const page of ['functions/webjwt.sign.html', 'functions/webjwt.verify.html', 'functions/webjwt.createVerifier.html', 'functions/webjwt.importKey.html', 'functions/webjwt.createRemoteJwks.html', 'classes/webjwt.JwtError.html', 'types/webjwt.JwtErrorCode.html']) {
      expect(overview, `the overview links ${page}`).toContain(`href="../${page}"`);
    }
    expect(overview).toContain('import');
  });

  test('the categories follow the overview in task order, "Sign and verify" first', () => {
    expect(headings().slice(1)).toEqual(CATEGORIES);
    expect((moduleNamed('webjwt').categories ?? []).map((category) => category.title)).toEqual(CATEGORIES);
    expect((moduleNamed('webjwt/http').categories ?? []).map((category) => category.title)).toEqual(['HTTP']);
  });

  test('every export is in one of them (none falls into a default category)', () => {
    for (const name of MODULES) {
      const categorised = (moduleNamed(name).categories ?? []).flatMap((category) => category.children.map((child) => child.name));
      const exported = exportsOf(name).map((child) => child.name);
      expect([...categorised].sort()).toEqual([...exported].sort());
    }
    const signAndVerify = moduleNamed('webjwt').categories?.[0]?.children.map((child) => child.name);
    for (const name of ['sign', 'verify', 'createSigner', 'createVerifier', 'SignOptions', 'VerifyOptions']) expect(signAndVerify).toContain(name);
  });
});
