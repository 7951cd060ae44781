// Typed operations from the committed schema (GraphQL Code Generator's client
// preset), run through its API rather than its CLI: the CLI's URL and GitHub
// loaders need Node 22, and the console reads only local files.
// Fails (exit 1) when an operation no longer matches schema/schema.graphql.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import * as clientPreset from '@graphql-codegen/client-preset';
import { gqlPluckFromCodeStringSync } from '@graphql-tools/graphql-tag-pluck';
import { buildSchema, GraphQLError, Kind, NoUnusedFragmentsRule, parse, printSchema, specifiedRules, validate } from 'graphql';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');
const out = path.join(src, 'gql');
const schema = buildSchema(readFileSync(path.join(here, '..', 'schema', 'schema.graphql'), 'utf8'));

const documents = [];
const problems = [];
for (const file of readdirSync(src, { recursive: true })) {
  if (!/\.tsx?$/.test(file) || file.startsWith(`gql${path.sep}`)) continue;
  const location = path.join('src', file);
  const code = readFileSync(path.join(src, file), 'utf8');
  for (const source of gqlPluckFromCodeStringSync(location, code, { globalGqlIdentifierName: 'graphql', modules: [], skipIndent: true })) {
    documents.push({ location, document: parse(source.body), rawSDL: source.body });
  }
}
// An operation may spread a fragment written in another file (the pager's NextPage): each document is
// checked with the fragments the others define, which it need not all use.
const fragments = documents.flatMap(({ document }) => document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION));
const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
for (const { location, document } of documents) {
  const own = new Set(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => d.name.value));
  const withFragments = { ...document, definitions: [...document.definitions, ...fragments.filter((f) => !own.has(f.name.value))] };
  for (const error of validate(schema, withFragments, rules)) problems.push(`${location}: ${error.message}`);
}
if (problems.length > 0) {
  console.error(`codegen: ${problems.length} operation(s) no longer match schema/schema.graphql:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const presetConfig = { fragmentMasking: false };
const config = { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Decimal: 'string', CreditCode: 'string', CasNumber: 'string', Department: 'string', LocalDate: 'string', JSONObject: 'Record<string, unknown>' } };
const sections = await clientPreset.preset.buildGeneratesSection({
  baseOutputDir: `${out}/`,
  schema: parse(printSchema(schema)),
  schemaAst: schema,
  documents,
  plugins: [],
  pluginMap: {},
  config,
  presetConfig,
});
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const section of sections) {
  const output = await codegen({ ...section, config: { ...config, ...section.config }, documentTransforms: section.documentTransforms ?? [] }).catch((error) => {
    console.error(`codegen: ${error instanceof GraphQLError ? error.message : error}`);
    process.exit(1);
  });
  writeFileSync(section.filename, output);
}
console.log(`codegen: ${documents.length} operations typed into src/gql/`);
